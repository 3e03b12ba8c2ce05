// Organisers' triage of a bash's bugs: accept, duplicate, not a bug, and undo. Points go
// through the ledger in the same transaction as the decision, so the board and the
// leaderboard never disagree; an undo reverses them with compensating rows.
import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import type { Severity } from '$lib/bugbash/schemas';
import type { Transaction } from '../db/client';
import { bug, bugBash, bugDecision, type BashScoring } from './schema';
import { ServiceError } from '../errors';
import { awardPointsIn, reverseAwardsFor, writeLedger } from '../ledger';
import { notify } from '../notifications';
import type { RecordEvent } from '../realtime';
import { organisersOf, requireOrganiser } from './service';
import { paidScoring } from './rules';
import { bashRoom, type TriageChange } from './events';

/** Ledger sources of bug bash points; the source id is the decision's id. */
export const POINTS_FOR = {
	accepted: 'bugbash.accepted',
	firstBonus: 'bugbash.first',
	duplicate: 'bugbash.duplicate'
} as const;

export type Triage =
	| { kind: 'accepted'; severity?: Severity }
	| { kind: 'duplicate'; duplicateOfId: number }
	| { kind: 'not_a_bug'; reason: string };

type Bug = typeof bug.$inferSelect;
type Bash = typeof bugBash.$inferSelect;

/**
 * Locks the bash, then the bug, for one triage step. The bash lock orders every triage
 * of the bash, which is what makes "first accepted bug" well defined.
 */
export async function lockForTriage(tx: Transaction, actorId: number, bugId: number) {
	const [target] = await tx.select({ bashId: bug.bashId }).from(bug).where(eq(bug.id, bugId));
	if (!target) throw new ServiceError('That bug does not exist.');
	await requireOrganiser(tx, actorId, target.bashId);
	// "No key update" still orders triage, without blocking bugs being logged (their
	// foreign key takes a share lock on the bash row).
	const [bash] = await tx
		.select()
		.from(bugBash)
		.where(eq(bugBash.id, target.bashId))
		.for('no key update');
	const [locked] = await tx.select().from(bug).where(eq(bug.id, bugId)).for('update');
	return { bash, bug: locked };
}

/** Triage a new bug; a decided bug must be undone first, so points never count twice. */
export async function triageBug(actorId: number, bugId: number, triage: Triage): Promise<void> {
	await writeLedger((tx, record) => triageBugIn(tx, record, actorId, bugId, triage));
}

/** `triageBug` inside the caller's transaction (a socket command's). */
export async function triageBugIn(
	tx: Transaction,
	record: RecordEvent,
	actorId: number,
	bugId: number,
	triage: Triage
): Promise<void> {
	const { bash, bug: target } = await lockForTriage(tx, actorId, bugId);
	if (target.status !== 'new') {
		throw new ServiceError('This bug has already been triaged: undo that decision first.');
	}
	if (target.reporterId === actorId && triage.kind !== 'not_a_bug') {
		throw new ServiceError('Points for your own bug: another organiser has to triage it.');
	}
	if (triage.kind === 'accepted') await accept(tx, record, actorId, bash, target, triage.severity);
	else if (triage.kind === 'duplicate')
		await markDuplicate(tx, record, actorId, bash, target, triage.duplicateOfId);
	else await markNotABug(tx, record, actorId, target, triage.reason);
}

async function accept(
	tx: Transaction,
	record: RecordEvent,
	actorId: number,
	bash: Bash,
	target: Bug,
	corrected?: Severity
) {
	const severity = corrected ?? target.severity;
	const firstBonus = !(await hasBonusHolder(tx, bash.id)) && paidScoring(bash).firstBonus > 0;
	const decision = await decide(tx, actorId, target, {
		kind: 'accepted',
		severity,
		previousSeverity: target.severity,
		firstBonus
	});
	await tx
		.update(bug)
		.set({ status: 'accepted', severity, updatedAt: new Date() })
		.where(eq(bug.id, target.id));
	// A bash awaiting an admin's approval pays nothing (its scoring is above the caps).
	const scoring: BashScoring = paidScoring(bash);
	const award = { personId: target.reporterId, scopes: [bashRoom(bash.id)], actorId };
	let points = 0;
	if (scoring[severity] > 0) {
		const reason = `Bug accepted (${severity}): ${target.title}`;
		await awardPointsIn(tx, record, {
			...award,
			amount: scoring[severity],
			sourceKind: POINTS_FOR.accepted,
			sourceId: decision.id,
			reason
		});
		points += scoring[severity];
	}
	if (firstBonus) {
		const reason = `First accepted bug of ${bash.title}`;
		await awardPointsIn(tx, record, {
			...award,
			amount: scoring.firstBonus,
			sourceKind: POINTS_FOR.firstBonus,
			sourceId: decision.id,
			reason
		});
		points += scoring.firstBonus;
	}
	await announce(record, actorId, target, { status: 'accepted', severity, points, firstBonus });
	const bonus = firstBonus ? ', the first of the bash' : '';
	const earned = points > 0 ? ` (+${points} points${bonus})` : '';
	await notify(
		tx,
		record,
		[target.reporterId],
		{
			kind: 'bug.accepted',
			text: `Your bug “${target.title}” was accepted${earned}.`,
			href: bugHref(target)
		},
		actorId
	);
}

/** Whether an accepted bug of the bash (not undone) already holds the first-find bonus. */
export async function hasBonusHolder(tx: Transaction, bashId: number): Promise<boolean> {
	const [holder] = await tx
		.select({ id: bugDecision.id })
		.from(bugDecision)
		.innerJoin(bug, eq(bug.id, bugDecision.bugId))
		.where(
			and(eq(bug.bashId, bashId), eq(bugDecision.firstBonus, true), isNull(bugDecision.undoneAt))
		)
		.limit(1);
	return Boolean(holder);
}

async function markDuplicate(
	tx: Transaction,
	record: RecordEvent,
	actorId: number,
	bash: Bash,
	target: Bug,
	duplicateOfId: number
) {
	const [original] = await tx.select().from(bug).where(eq(bug.id, duplicateOfId));
	if (!original || original.bashId !== bash.id) {
		throw new ServiceError('Choose the original among this bash’s bugs.', 'duplicateOfId');
	}
	if (original.id === target.id) {
		throw new ServiceError('A bug cannot be a duplicate of itself.', 'duplicateOfId');
	}
	if (original.status === 'duplicate' || original.status === 'not_a_bug') {
		throw new ServiceError(
			`#${original.id} is not an open original: choose the bug it duplicates instead.`,
			'duplicateOfId'
		);
	}
	const decision = await decide(tx, actorId, target, { kind: 'duplicate', duplicateOfId });
	await tx
		.update(bug)
		.set({ status: 'duplicate', duplicateOfId, updatedAt: new Date() })
		.where(eq(bug.id, target.id));
	// The original's reporter keeps the find; this reporter confirmed it.
	const amount = paidScoring(bash).duplicate;
	if (amount > 0) {
		await awardPointsIn(tx, record, {
			personId: target.reporterId,
			amount,
			sourceKind: POINTS_FOR.duplicate,
			sourceId: decision.id,
			reason: `Confirmed #${original.id}: ${original.title}`,
			scopes: [bashRoom(bash.id)],
			actorId
		});
	}
	await announce(record, actorId, target, { status: 'duplicate', duplicateOfId, points: amount });
	const earned = amount > 0 ? ` (+${amount} for confirming it)` : '';
	await notify(
		tx,
		record,
		[target.reporterId],
		{
			kind: 'bug.duplicate',
			text: `Your bug “${target.title}” is a duplicate of #${original.id}${earned}.`,
			href: bugHref(target)
		},
		actorId
	);
}

async function markNotABug(
	tx: Transaction,
	record: RecordEvent,
	actorId: number,
	target: Bug,
	reason: string
) {
	const why = reason.trim();
	if (!why) throw new ServiceError('Say why this is not a bug.', 'reason');
	await decide(tx, actorId, target, { kind: 'not_a_bug', reason: why });
	await tx
		.update(bug)
		.set({ status: 'not_a_bug', notABugReason: why, updatedAt: new Date() })
		.where(eq(bug.id, target.id));
	await announce(record, actorId, target, { status: 'not_a_bug', reason: why, points: 0 });
	await notify(
		tx,
		record,
		[target.reporterId],
		{
			kind: 'bug.not_a_bug',
			text: `Your bug “${target.title}” was closed as not a bug: ${why}`,
			href: bugHref(target)
		},
		actorId
	);
}

/**
 * Undoes the bug's latest decision: its points come back off through compensating ledger
 * rows and the bug is new again. An escalated bug stays escalated (engineering has it).
 */
export async function undoDecision(actorId: number, bugId: number): Promise<void> {
	await writeLedger((tx, record) => undoDecisionIn(tx, record, actorId, bugId));
}

/** `undoDecision` inside the caller's transaction (a socket command's). */
export async function undoDecisionIn(
	tx: Transaction,
	record: RecordEvent,
	actorId: number,
	bugId: number
): Promise<void> {
	const { bug: target } = await lockForTriage(tx, actorId, bugId);
	const [latest] = await tx
		.select()
		.from(bugDecision)
		.where(and(eq(bugDecision.bugId, bugId), isNull(bugDecision.undoneAt)))
		.orderBy(desc(bugDecision.id))
		.limit(1);
	if (!latest || target.status === 'new') throw new ServiceError('There is nothing to undo.');
	if (latest.kind === 'escalated' || target.status === 'escalated') {
		throw new ServiceError('This bug is already an escalation; engineering has it now.');
	}
	await reversePointsOf(tx, record, actorId, latest.id, target);
	await tx
		.update(bugDecision)
		.set({ undoneAt: new Date(), undoneById: actorId })
		.where(eq(bugDecision.id, latest.id));
	if (latest.firstBonus) await passOnFirstBonus(tx, record, actorId, target.bashId);
	const severity = latest.previousSeverity ?? target.severity;
	await tx
		.update(bug)
		.set({
			status: 'new',
			severity,
			duplicateOfId: null,
			notABugReason: null,
			updatedAt: new Date()
		})
		.where(eq(bug.id, bugId));
	await announce(record, actorId, target, { status: 'new', severity, undone: latest.kind });
}

/**
 * The first-find bonus left with an undone decision (or never paid while the bash awaited
 * approval): it goes to the earliest accepted bug still standing, as if that one had been
 * first all along.
 */
export async function passOnFirstBonus(
	tx: Transaction,
	record: RecordEvent,
	actorId: number,
	bashId: number
) {
	const [next] = await tx
		.select({ decision: bugDecision, bug })
		.from(bugDecision)
		.innerJoin(bug, eq(bug.id, bugDecision.bugId))
		.where(
			and(eq(bug.bashId, bashId), eq(bugDecision.kind, 'accepted'), isNull(bugDecision.undoneAt))
		)
		.orderBy(asc(bugDecision.decidedAt), asc(bugDecision.id))
		.limit(1);
	if (!next) return;
	const [bash] = await tx.select().from(bugBash).where(eq(bugBash.id, bashId));
	const bonus = paidScoring(bash).firstBonus;
	if (bonus <= 0) return;
	await tx
		.update(bugDecision)
		.set({ firstBonus: true })
		.where(eq(bugDecision.id, next.decision.id));
	await awardPointsIn(tx, record, {
		personId: next.bug.reporterId,
		amount: bonus,
		sourceKind: POINTS_FOR.firstBonus,
		sourceId: next.decision.id,
		reason: `First accepted bug of ${bash.title}`,
		scopes: [bashRoom(bashId)],
		actorId
	});
	await notify(
		tx,
		record,
		[next.bug.reporterId],
		{
			kind: 'bug.first_find',
			text: `“${next.bug.title}” is now the first accepted bug of ${bash.title} (+${bonus}).`,
			href: bugHref(next.bug)
		},
		actorId
	);
}

async function reversePointsOf(
	tx: Transaction,
	record: RecordEvent,
	actorId: number,
	decisionId: number,
	target: Bug
) {
	const sources = Object.values(POINTS_FOR).map((kind) => ({ kind, ids: [decisionId] }));
	await reverseAwardsFor(tx, record, sources, {
		reason: `Triage undone for #${target.id}: ${target.title}`,
		actorId
	});
}

/** Writes the decision row (the bug's history) and answers it. */
export async function decide(
	tx: Transaction,
	actorId: number,
	target: Bug,
	values: Omit<typeof bugDecision.$inferInsert, 'bugId' | 'decidedById'>
) {
	const [decision] = await tx
		.insert(bugDecision)
		.values({ ...values, bugId: target.id, decidedById: actorId })
		.returning();
	return decision;
}

/** The bug's new state for everyone on the board, and a heads-up to the other organisers. */
export async function announce(
	record: RecordEvent,
	actorId: number,
	target: Bug,
	change: TriageChange
) {
	await record(bashRoom(target.bashId), 'bug.triaged', { bugId: target.id, ...change }, actorId);
}

export function bugHref(target: { id: number; bashId: number }): string {
	return `/bugbash/${target.bashId}/bugs/${target.id}`;
}

/** Organisers other than the actor, to tell them about activity on their bash. */
export async function otherOrganisers(tx: Transaction, bashId: number, actorId: number) {
	return (await organisersOf(bashId, tx)).filter((id) => id !== actorId);
}
