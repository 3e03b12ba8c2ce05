// The building blocks every escalation change shares: the member acting (read fresh),
// the locked row, the SLO timestamps an action moves, the history, the list's summary and
// the status move itself (also made by a support reply, see conversation.ts).
import { eq } from 'drizzle-orm';
import { STATUS_LABELS, type EscalationStatus } from '$lib/escalations/schemas';
import { type Executor, type Transaction } from '../db/client';
import { peopleWithPlace, person } from '../org';
import { escalation, escalationHistory } from './schema';
import { ServiceError } from '../errors';
import { isEngineeringSide, type Actor } from './rules';
import { notify } from '../notifications';
import type { RecordEvent } from '../realtime';
import {
	ESCALATIONS_ROOM,
	escalationHref,
	escalationRoom,
	type EscalationSummary,
	type SloTimestamps
} from './events';
import { escalationChangedIn } from './listeners';

export interface Member extends Actor {
	name: string;
	active: boolean;
}

/** A person with their department, read fresh (a team change applies at once). */
export async function memberOf(tx: Executor, personId: number): Promise<Member | null> {
	const [row] = await peopleWithPlace(tx).where(eq(person.id, personId));
	return row ?? null;
}

export async function requireMember(tx: Executor, personId: number): Promise<Member> {
	const member = await memberOf(tx, personId);
	if (!member || !member.active) throw new ServiceError('Your account cannot do that.');
	return member;
}

/** The escalation, locked until the commit so concurrent changes apply one after another. */
export async function lockEscalation(tx: Transaction, escalationId: number) {
	const [row] = await tx
		.select()
		.from(escalation)
		.where(eq(escalation.id, escalationId))
		.for('update');
	if (!row) throw new ServiceError('That escalation does not exist.');
	return row;
}

export type EscalationRow = typeof escalation.$inferSelect;

/**
 * The timestamps an action moves. A comment, status change or assignment from Engineering
 * or Product (other than by the reporter) is an engineering response for the SLOs.
 */
export function touched(actor: Member, target: EscalationRow, now: Date) {
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
export function watchersOf(target: EscalationRow, ...others: (number | null)[]): number[] {
	return [target.reporterId, target.assigneeId, ...others].filter((id): id is number => !!id);
}

export async function recordHistory(
	tx: Executor,
	escalationId: number,
	actorId: number,
	change: string,
	fromValue: string | null,
	toValue: string | null
): Promise<void> {
	await tx.insert(escalationHistory).values({ escalationId, actorId, change, fromValue, toValue });
}

export function listEventPayload(row: EscalationRow): EscalationSummary {
	return {
		escalationId: row.id,
		title: row.title,
		severity: row.severity,
		status: row.status,
		customerName: row.customerName
	};
}

export function timestampsOf(row: EscalationRow): SloTimestamps {
	const iso = (at: Date | null) => at?.toISOString() ?? null;
	return {
		updatedAt: row.updatedAt.toISOString(),
		firstResponseAt: iso(row.firstResponseAt),
		lastEngineeringUpdateAt: iso(row.lastEngineeringUpdateAt),
		resolvedAt: iso(row.resolvedAt),
		closedAt: iso(row.closedAt)
	};
}

/** The move itself, checked by the caller: status, timestamps, note, history, events. */
export async function moveStatusIn(
	tx: Transaction,
	record: RecordEvent,
	actor: Member,
	target: EscalationRow,
	status: EscalationStatus,
	resolution: string | null
): Promise<void> {
	const now = new Date();
	const reopened = status === 'open';
	const [updated] = await tx
		.update(escalation)
		.set({
			status,
			...touched(actor, target, now),
			...(status === 'resolved' && { resolvedAt: now }),
			...(status === 'closed' && { closedAt: now }),
			...(resolution && { resolutionNote: resolution }),
			// A reopened escalation is unsolved again: its old note no longer holds.
			...(reopened && { resolvedAt: null, closedAt: null, resolutionNote: null })
		})
		.where(eq(escalation.id, target.id))
		.returning();
	await recordHistory(tx, target.id, actor.id, 'status', target.status, status);
	if (resolution) await recordHistory(tx, target.id, actor.id, 'resolution', null, resolution);
	await record(
		escalationRoom(target.id),
		'escalation.status',
		{ from: target.status, status, ...timestampsOf(updated) },
		actor.id
	);
	await record(ESCALATIONS_ROOM, 'escalation.changed', listEventPayload(updated), actor.id);
	const text = `Escalation #${target.id} is now ${STATUS_LABELS[status]}`;
	await notify(
		tx,
		record,
		watchersOf(target),
		{ kind: 'escalation.updated', text, href: escalationHref(target.id) },
		actor.id
	);
	await escalationChangedIn(tx, record, {
		escalationId: target.id,
		cause: 'status',
		actorId: actor.id
	});
}
