// Escalations: problems handed from support (or a bug bash) to engineering, in the standard
// format. Every change is recorded in the escalation's history and as an event in its room
// (`escalation:<id>`) and the list room (`escalations`), in the same transaction. The SLO
// timestamps (first response, last engineering update, resolved) are kept here.
import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { type escalationSchema, type EscalationStatus } from '$lib/escalations/schemas';
import { storeAttachments, type CheckedFile } from '../attachments';
import { type Executor, type Transaction } from '../db/client';
import { escalation, escalationAttachment } from './schema';
import { ServiceError } from '../errors';
import { isEngineeringSide, mayAssign, needsNote, whyNotMove } from './rules';
import { customerNamedIn } from '../customers';
import { escalationChangedIn } from './listeners';
import { notify } from '../notifications';
import { withEvents, type RecordEvent } from '../realtime';
import { ESCALATIONS_ROOM, escalationHref, escalationRoom } from './events';
import {
	listEventPayload,
	lockEscalation,
	memberOf,
	moveStatusIn,
	recordHistory,
	requireMember,
	timestampsOf,
	touched,
	watchersOf,
	type Member
} from './changes';

export type NewEscalation = z.output<typeof escalationSchema>;
export type Severity = NewEscalation['severity'];

// ---- opening ---------------------------------------------------------------------------

function blankToNull(value: string | undefined): string | null {
	return value?.trim() ? value.trim() : null;
}

/**
 * Opens an escalation inside the caller's transaction (the bug bash promotes bugs through
 * it). The reporter's form key makes a repeat return the escalation already opened,
 * writing nothing else.
 */
export async function openEscalationIn(
	tx: Transaction,
	record: RecordEvent,
	actorId: number,
	input: NewEscalation,
	options: { files?: CheckedFile[] } = {}
): Promise<{ escalationId: number; created: boolean }> {
	const existing = await escalationByKey(tx, actorId, input.clientKey);
	if (existing) return { escalationId: existing, created: false };
	const named = blankToNull(input.customerName);
	const known = named ? await customerNamedIn(tx, named, input.customerTier ?? null) : null;
	const [created] = await tx
		.insert(escalation)
		.values({
			clientKey: input.clientKey,
			title: input.title,
			description: input.description,
			steps: input.steps,
			expected: input.expected,
			actual: input.actual,
			environment: input.environment,
			severity: input.severity,
			customerName: known?.name ?? null,
			customerTier: input.customerTier ?? known?.tier ?? null,
			customerId: known?.id ?? null,
			customerUrl: blankToNull(input.customerUrl),
			ticketUrl: blankToNull(input.ticketUrl),
			engineeringIssueUrl: blankToNull(input.engineeringIssueUrl),
			reporterId: actorId
		})
		.onConflictDoNothing({ target: [escalation.reporterId, escalation.clientKey] })
		.returning();
	if (!created) {
		// Another submit of the same form won the race: answer with its escalation.
		return { escalationId: (await escalationByKey(tx, actorId, input.clientKey))!, created: false };
	}
	await recordHistory(tx, created.id, actorId, 'opened', null, created.status);
	const stored = await storeAttachments(tx, options.files ?? [], actorId);
	await attachToEscalation(
		tx,
		created.id,
		stored.map((a) => a.id)
	);
	const summary = listEventPayload(created);
	await record(ESCALATIONS_ROOM, 'escalation.opened', summary, actorId);
	await record(escalationRoom(created.id), 'escalation.opened', summary, actorId);
	await escalationChangedIn(tx, record, { escalationId: created.id, cause: 'opened', actorId });
	return { escalationId: created.id, created: true };
}

async function escalationByKey(tx: Executor, reporterId: number, clientKey: string) {
	const [row] = await tx
		.select({ id: escalation.id })
		.from(escalation)
		.where(and(eq(escalation.reporterId, reporterId), eq(escalation.clientKey, clientKey)));
	return row?.id ?? null;
}

/** Links files to an escalation: its own, or a promoted bug's (then they belong to both). */
export async function attachToEscalation(
	tx: Executor,
	escalationId: number,
	attachmentIds: number[]
): Promise<void> {
	if (attachmentIds.length === 0) return;
	await tx
		.insert(escalationAttachment)
		.values(attachmentIds.map((attachmentId) => ({ escalationId, attachmentId })))
		.onConflictDoNothing();
}

/** Anyone signed in may open an escalation, with checked screenshots and logs. */
export async function openEscalation(
	actorId: number,
	input: NewEscalation,
	files: CheckedFile[] = []
): Promise<{ escalationId: number; created: boolean }> {
	return withEvents(async (tx, record) => {
		await requireMember(tx, actorId);
		return openEscalationIn(tx, record, actorId, input, { files });
	});
}

// ---- changes ---------------------------------------------------------------------------
/**
 * Moves an escalation along its workflow (see WORKFLOW in rules.ts), keeping the SLO
 * timestamps. Resolving and closing need a resolution note, stored and shown.
 */
export async function changeStatus(
	actorId: number,
	escalationId: number,
	status: EscalationStatus,
	note = ''
): Promise<void> {
	await withEvents(async (tx, record) => {
		const actor = await requireMember(tx, actorId);
		const target = await lockEscalation(tx, escalationId);
		const refused = whyNotMove(actor, target, status);
		if (refused) throw new ServiceError(refused, 'status');
		const resolution = note.trim();
		if (needsNote(target.status, status) && !resolution) {
			throw new ServiceError(
				status === 'closed'
					? 'Say how it ended for the customer: the note is kept with the escalation.'
					: 'Say how it was resolved: the note is kept with the escalation.',
				'note'
			);
		}
		await moveStatusIn(tx, record, actor, target, status, resolution || null);
	});
}

/** Gives the escalation to an active person in Engineering or Product (null: to nobody). */
export async function assignEscalation(
	actorId: number,
	escalationId: number,
	assigneeId: number | null
): Promise<void> {
	await withEvents(async (tx, record) => {
		const actor = await requireMember(tx, actorId);
		const target = await lockEscalation(tx, escalationId);
		if (!mayAssign(actor)) {
			throw new ServiceError(
				'Only people in Engineering or Product can assign escalations.',
				'assigneeId'
			);
		}
		const assignee = assigneeId === null ? null : await requireAssignable(tx, assigneeId);
		if (target.assigneeId === assigneeId) return;
		const now = new Date();
		const [updated] = await tx
			.update(escalation)
			.set({ assigneeId, ...touched(actor, target, now) })
			.where(eq(escalation.id, escalationId))
			.returning();
		await recordHistory(
			tx,
			escalationId,
			actorId,
			'assignee',
			target.assigneeId === null ? null : String(target.assigneeId),
			assigneeId === null ? null : String(assigneeId)
		);
		const assigneeName = assignee?.name ?? null;
		await record(
			escalationRoom(escalationId),
			'escalation.assigned',
			{ assigneeId, assigneeName, ...timestampsOf(updated) },
			actorId
		);
		await record(ESCALATIONS_ROOM, 'escalation.changed', listEventPayload(updated), actorId);
		const text = assignee
			? `Escalation #${escalationId} is now assigned to ${assignee.name}`
			: `Escalation #${escalationId} is now unassigned`;
		await notify(
			tx,
			record,
			watchersOf(target, assigneeId),
			{ kind: 'escalation.updated', text, href: escalationHref(escalationId) },
			actorId
		);
		await escalationChangedIn(tx, record, { escalationId, cause: 'assignee', actorId });
	});
}

async function requireAssignable(tx: Executor, personId: number): Promise<Member> {
	const member = await memberOf(tx, personId);
	if (!member) throw new ServiceError('That person does not exist.', 'assigneeId');
	if (!member.active || !isEngineeringSide(member)) {
		throw new ServiceError(
			`${member.name} cannot take escalations: choose an active person in Engineering or Product.`,
			'assigneeId'
		);
	}
	return member;
}
