// Escalations: problems handed from support (or a bug bash) to engineering, in the standard
// format. Every change is recorded in the escalation's history and as an event in its room
// (`escalation:<id>`) and the list room (`escalations`), in the same transaction. The SLO
// timestamps (first response, last engineering update, resolved) are kept here.
import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import {
	STATUS_LABELS,
	type escalationSchema,
	type EscalationStatus
} from '$lib/escalations/schemas';
import { storeAttachments, type CheckedFile } from '../attachments';
import { type Executor, type Transaction } from '../db/client';
import { peopleWithPlace, person } from '../org';
import { escalation, escalationAttachment, escalationHistory } from './schema';
import { ServiceError } from '../errors';
import { isEngineeringSide, mayAssign, mayChangeStatus, nextStatuses, type Actor } from './rules';
import { customerNamedIn } from '../customers';
import { escalationChangedIn } from './listeners';
import { addCommentIn, deleteCommentIn, editCommentIn } from '../comments';
import { notify } from '../notifications';
import { withEvents, type RecordEvent } from '../realtime';
import {
	ESCALATIONS_ROOM,
	escalationHref,
	escalationRoom,
	type EscalationSummary,
	type SloTimestamps
} from './events';

export type NewEscalation = z.output<typeof escalationSchema>;
export type Severity = NewEscalation['severity'];
interface Member extends Actor {
	name: string;
	active: boolean;
}

/** A person with their department, read fresh (a team change applies at once). */
async function memberOf(tx: Executor, personId: number): Promise<Member | null> {
	const [row] = await peopleWithPlace(tx).where(eq(person.id, personId));
	return row ?? null;
}

async function requireMember(tx: Executor, personId: number): Promise<Member> {
	const member = await memberOf(tx, personId);
	if (!member || !member.active) throw new ServiceError('Your account cannot do that.');
	return member;
}

/** The escalation, locked until the commit so concurrent changes apply one after another. */
async function lockEscalation(tx: Transaction, escalationId: number) {
	const [row] = await tx
		.select()
		.from(escalation)
		.where(eq(escalation.id, escalationId))
		.for('update');
	if (!row) throw new ServiceError('That escalation does not exist.');
	return row;
}

type EscalationRow = typeof escalation.$inferSelect;

/**
 * The timestamps an action moves. A comment, status change or assignment from Engineering
 * or Product (other than by the reporter) is an engineering response for the SLOs.
 */
function touched(actor: Member, target: EscalationRow, now: Date) {
	const engineering = isEngineeringSide(actor) && actor.id !== target.reporterId;
	return {
		updatedAt: now,
		...(engineering && {
			lastEngineeringUpdateAt: now,
			firstResponseAt: target.firstResponseAt ?? now
		})
	};
}

/** Reporter and assignee hear about a change; the actor never does (notify skips them). */
function watchersOf(target: EscalationRow, ...others: (number | null)[]): number[] {
	return [target.reporterId, target.assigneeId, ...others].filter((id): id is number => !!id);
}

async function recordHistory(
	tx: Executor,
	escalationId: number,
	actorId: number,
	change: string,
	fromValue: string | null,
	toValue: string | null
): Promise<void> {
	await tx.insert(escalationHistory).values({ escalationId, actorId, change, fromValue, toValue });
}

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

function listEventPayload(row: EscalationRow): EscalationSummary {
	return {
		escalationId: row.id,
		title: row.title,
		severity: row.severity,
		status: row.status,
		customerName: row.customerName
	};
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

/** Moves an escalation along its workflow (see NEXT_STATUSES), keeping the SLO timestamps. */
export async function changeStatus(
	actorId: number,
	escalationId: number,
	status: EscalationStatus
): Promise<void> {
	await withEvents(async (tx, record) => {
		const actor = await requireMember(tx, actorId);
		const target = await lockEscalation(tx, escalationId);
		if (!mayChangeStatus(actor, target)) {
			throw new ServiceError(
				'Only Engineering, Product, the reporter or the assignee can change the status.',
				'status'
			);
		}
		refuseTransition(target.status, status);
		const now = new Date();
		const reopened = status === 'open';
		const [updated] = await tx
			.update(escalation)
			.set({
				status,
				...touched(actor, target, now),
				...(status === 'resolved' && { resolvedAt: now }),
				...(status === 'closed' && { closedAt: now }),
				...(reopened && { resolvedAt: null, closedAt: null })
			})
			.where(eq(escalation.id, escalationId))
			.returning();
		await recordHistory(tx, escalationId, actorId, 'status', target.status, status);
		await record(
			escalationRoom(escalationId),
			'escalation.status',
			{
				from: target.status,
				status,
				...timestampsOf(updated)
			},
			actorId
		);
		await record(ESCALATIONS_ROOM, 'escalation.changed', listEventPayload(updated), actorId);
		const text = `Escalation #${escalationId} is now ${STATUS_LABELS[status]}`;
		await notify(
			tx,
			record,
			watchersOf(target),
			{ kind: 'escalation.updated', text, href: escalationHref(escalationId) },
			actorId
		);
		await escalationChangedIn(tx, record, { escalationId, cause: 'status', actorId });
	});
}

function refuseTransition(from: EscalationStatus, to: EscalationStatus): void {
	if (from === to)
		throw new ServiceError(`The escalation is already ${STATUS_LABELS[to]}.`, 'status');
	const allowed = nextStatuses(from);
	if (allowed.includes(to)) return;
	const options = allowed.map((s) => STATUS_LABELS[s]).join(' or ');
	throw new ServiceError(
		`An escalation that is ${STATUS_LABELS[from]} can move to ${options}, not to ${STATUS_LABELS[to]}.`,
		'status'
	);
}

function timestampsOf(row: EscalationRow): SloTimestamps {
	const iso = (at: Date | null) => at?.toISOString() ?? null;
	return {
		updatedAt: row.updatedAt.toISOString(),
		firstResponseAt: iso(row.firstResponseAt),
		lastEngineeringUpdateAt: iso(row.lastEngineeringUpdateAt),
		resolvedAt: iso(row.resolvedAt),
		closedAt: iso(row.closedAt)
	};
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

/** An escalation's thread: in its room, so its page follows it live. */
function escalationThread(escalationId: number) {
	return {
		subject: { kind: 'escalation', id: escalationId },
		owner: {
			room: escalationRoom(escalationId),
			about: { escalationId },
			title: `escalation #${escalationId}`,
			href: escalationHref(escalationId)
		}
	};
}

/**
 * Anyone signed in may join the conversation between support and engineering. A comment
 * from Engineering or Product is a response for the SLOs (first response, last update).
 */
export async function commentOnEscalation(
	actorId: number,
	escalationId: number,
	body: string
): Promise<number> {
	return withEvents(async (tx, record) => {
		const actor = await requireMember(tx, actorId);
		const target = await lockEscalation(tx, escalationId);
		const { subject, owner } = escalationThread(escalationId);
		const comment = await addCommentIn(tx, record, actorId, subject, body, {
			...owner,
			participants: {
				personIds: watchersOf(target),
				kind: 'escalation.comment',
				text: `${actor.name} commented on escalation #${escalationId}`
			}
		});
		const [updated] = await tx
			.update(escalation)
			.set(touched(actor, target, comment.createdAt))
			.where(eq(escalation.id, escalationId))
			.returning();
		await recordHistory(tx, escalationId, actorId, 'comment', null, String(comment.id));
		await record(ESCALATIONS_ROOM, 'escalation.changed', listEventPayload(updated), actorId);
		await escalationChangedIn(tx, record, { escalationId, cause: 'comment', actorId });
		return comment.id;
	});
}

/** The author corrects their comment on an escalation (within 15 minutes). */
export async function editEscalationComment(
	actorId: number,
	escalationId: number,
	commentId: number,
	body: string
): Promise<void> {
	await withEvents(async (tx, record) => {
		await requireMember(tx, actorId);
		await lockEscalation(tx, escalationId);
		const { subject, owner } = escalationThread(escalationId);
		await editCommentIn(tx, record, actorId, subject, commentId, body, owner);
	});
}

/** The author (within 15 minutes) or an admin deletes a comment on an escalation. */
export async function deleteEscalationComment(
	actorId: number,
	escalationId: number,
	commentId: number
): Promise<void> {
	await withEvents(async (tx, record) => {
		await requireMember(tx, actorId);
		await lockEscalation(tx, escalationId);
		const { subject, owner } = escalationThread(escalationId);
		await deleteCommentIn(tx, record, actorId, subject, commentId, owner);
	});
}
