// The admins' queue of bashes that pay more than the workspace's caps: approve (the bash
// pays its points from then on) or decline (it pays the caps). The organiser hears either.
import { and, asc, eq, isNull } from 'drizzle-orm';
import { useDb, type Transaction } from '../db/client';
import { ServiceError } from '../errors';
import { notify } from '../notifications';
import { person, requireActiveAdmin } from '../org';
import type { RecordEvent } from '../realtime';
import { awardPointsIn, writeLedger } from '../ledger';
import { bashCaps } from '../workspace';
import { bashRoom, BUGBASHES_ROOM } from './events';
import { cappedScoring, mostPerBug, paidScoring } from './rules';
import { bug, bugBash, bugDecision, type BashScoring } from './schema';
import { hasBonusHolder, passOnFirstBonus, POINTS_FOR } from './triage';

/** Bashes waiting for an admin, oldest first, with who asked and what they would pay. */
export async function bashesAwaitingApproval() {
	const rows = await useDb()
		.select({
			id: bugBash.id,
			title: bugBash.title,
			feature: bugBash.feature,
			startsAt: bugBash.startsAt,
			state: bugBash.state,
			scoring: bugBash.scoring,
			organiserId: bugBash.createdById,
			organiserName: person.name,
			createdAt: bugBash.createdAt
		})
		.from(bugBash)
		.innerJoin(person, eq(person.id, bugBash.createdById))
		.where(eq(bugBash.approval, 'pending'))
		.orderBy(asc(bugBash.createdAt), asc(bugBash.id));
	return rows.map((row) => ({ ...row, mostPerBug: mostPerBug(row.scoring) }));
}

/** Locks a bash that awaits approval (triage of it waits until the decision is made). */
async function lockPending(tx: Transaction, bashId: number) {
	const [bash] = await tx.select().from(bugBash).where(eq(bugBash.id, bashId)).for('update');
	if (!bash) throw new ServiceError('That bug bash does not exist.');
	if (bash.approval !== 'pending') {
		throw new ServiceError(`${bash.title} was already ${bash.approval}.`);
	}
	return bash;
}

async function tellOrganiser(
	tx: Transaction,
	record: RecordEvent,
	actorId: number,
	bash: { id: number; createdById: number },
	text: string
) {
	await notify(
		tx,
		record,
		[bash.createdById],
		{ kind: 'bugbash.approval', text, href: `/bugbash/${bash.id}` },
		actorId
	);
}

/** An admin lets the bash pay its own scoring, for the bugs triaged so far too. */
export async function approveBash(actorId: number, bashId: number): Promise<void> {
	await writeLedger(async (tx, record) => {
		await requireActiveAdmin(tx, actorId, 'approve bug bashes');
		const bash = await lockPending(tx, bashId);
		await tx
			.update(bugBash)
			.set({ approval: 'approved', approvalById: actorId, approvalAt: new Date() })
			.where(and(eq(bugBash.id, bashId), eq(bugBash.approval, 'pending')));
		await payTriagedWhilePending(tx, record, actorId, bashId);
		const change = { bashId, approval: 'approved' as const };
		await record(bashRoom(bashId), 'bash.approval', change, actorId);
		await record(BUGBASHES_ROOM, 'bash.approval', change, actorId);
		await tellOrganiser(
			tx,
			record,
			actorId,
			bash,
			`${bash.title} is approved: its bugs earn its points, those accepted so far included.`
		);
	});
}

/** An admin declines the bash's scoring: it pays no more than the caps, bugs so far included. */
export async function declineBash(actorId: number, bashId: number): Promise<void> {
	await writeLedger(async (tx, record) => {
		await requireActiveAdmin(tx, actorId, 'decline bug bashes');
		const bash = await lockPending(tx, bashId);
		const caps = await bashCaps(tx);
		await tx
			.update(bugBash)
			.set({
				approval: 'declined',
				scoring: cappedScoring(bash.scoring, caps),
				approvalById: actorId,
				approvalAt: new Date()
			})
			.where(eq(bugBash.id, bashId));
		await payTriagedWhilePending(tx, record, actorId, bashId);
		const change = { bashId, approval: 'declined' as const };
		await record(bashRoom(bashId), 'bash.approval', change, actorId);
		await record(BUGBASHES_ROOM, 'bash.approval', change, actorId);
		await tellOrganiser(
			tx,
			record,
			actorId,
			bash,
			`${bash.title}'s points were declined: it pays at most ${caps.bashPointsCap} per bug and a ${caps.bashFirstBonusCap}-point first-find bonus.`
		);
	});
}

/**
 * Pays the bugs triaged while the bash awaited an admin's decision, at the scoring it pays
 * now (its own when approved, the caps when declined): their reporters were promised the
 * points on the board, and triage cannot be asked to happen twice. Ledger sources are the
 * decisions' ids, so nothing is paid twice, and a later undo reverses these points too.
 */
async function payTriagedWhilePending(
	tx: Transaction,
	record: RecordEvent,
	actorId: number,
	bashId: number
) {
	const [bash] = await tx.select().from(bugBash).where(eq(bugBash.id, bashId));
	const scoring = paidScoring(bash);
	const standing = await tx
		.select({ decision: bugDecision, bug })
		.from(bugDecision)
		.innerJoin(bug, eq(bug.id, bugDecision.bugId))
		.where(and(eq(bug.bashId, bashId), isNull(bugDecision.undoneAt)))
		.orderBy(asc(bugDecision.decidedAt), asc(bugDecision.id));
	const earned = new Map<number, number>();
	for (const { decision, bug: found } of standing) {
		const payment = decisionPayment(decision, scoring);
		if (!payment) continue;
		const { granted } = await awardPointsIn(tx, record, {
			personId: found.reporterId,
			...payment,
			sourceId: decision.id,
			reason: `${payment.reason}: ${found.title}`,
			scopes: [bashRoom(bashId)],
			actorId
		});
		if (granted) earned.set(found.reporterId, (earned.get(found.reporterId) ?? 0) + payment.amount);
	}
	for (const [reporterId, points] of earned) {
		await notify(
			tx,
			record,
			[reporterId],
			{
				kind: 'bug.paid',
				text: `Your bugs in ${bash.title} earned ${points} points now that its points are settled.`,
				href: `/bugbash/${bashId}`
			},
			actorId
		);
	}
	if (!(await hasBonusHolder(tx, bashId))) await passOnFirstBonus(tx, record, actorId, bashId);
}

/** What a standing decision pays at a bash's scoring, if anything. */
function decisionPayment(decision: typeof bugDecision.$inferSelect, scoring: BashScoring) {
	if (decision.kind === 'accepted' && decision.severity && scoring[decision.severity] > 0) {
		const reason = `Bug accepted (${decision.severity})`;
		return { amount: scoring[decision.severity], sourceKind: POINTS_FOR.accepted, reason };
	}
	if (decision.kind === 'duplicate' && scoring.duplicate > 0) {
		return { amount: scoring.duplicate, sourceKind: POINTS_FOR.duplicate, reason: 'Confirmed' };
	}
	return null;
}
