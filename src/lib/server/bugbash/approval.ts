// The admins' queue of bashes that pay more than the workspace's caps: approve (the bash
// pays its points from then on) or decline (it pays the caps). The organiser hears either.
import { and, asc, eq } from 'drizzle-orm';
import { useDb, type Transaction } from '../db/client';
import { ServiceError } from '../errors';
import { notify } from '../notifications';
import { person, requireActiveAdmin } from '../org';
import { withEvents, type RecordEvent } from '../realtime';
import { bashCaps } from '../workspace';
import { bashRoom, BUGBASHES_ROOM } from './events';
import { cappedScoring, mostPerBug } from './rules';
import { bugBash } from './schema';

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

/** An admin lets the bash pay its own scoring, from the next triaged bug on. */
export async function approveBash(actorId: number, bashId: number): Promise<void> {
	await withEvents(async (tx, record) => {
		await requireActiveAdmin(tx, actorId, 'approve bug bashes');
		const bash = await lockPending(tx, bashId);
		await tx
			.update(bugBash)
			.set({ approval: 'approved', approvalById: actorId, approvalAt: new Date() })
			.where(and(eq(bugBash.id, bashId), eq(bugBash.approval, 'pending')));
		const change = { bashId, approval: 'approved' as const };
		await record(bashRoom(bashId), 'bash.approval', change, actorId);
		await record(BUGBASHES_ROOM, 'bash.approval', change, actorId);
		await tellOrganiser(
			tx,
			record,
			actorId,
			bash,
			`${bash.title} is approved: bugs accepted from now on earn its points.`
		);
	});
}

/** An admin declines the bash's scoring: it runs on, paying no more than the caps. */
export async function declineBash(actorId: number, bashId: number): Promise<void> {
	await withEvents(async (tx, record) => {
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
