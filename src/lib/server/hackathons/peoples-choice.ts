// People's choice: while judging runs, every member gives up to N votes (the hackathon's
// setting) to projects other than their own team's, and may take them back until voting
// closes. Counts are read only by the final ranking and shown after the reveal.
import { and, count, eq, sql } from 'drizzle-orm';
import { useDb, type Executor, type Transaction } from '../db/client';
import { ServiceError } from '../errors';
import { withEvents } from '../realtime';
import { hackathonRoom, recordHackathonEvent } from './events';
import { hackathonMember, hackathonPeoplesVote, hackathonSubmission } from './schema';
import { findHackathon } from './service';

/** Why people's choice voting is closed now, or null. */
export function peoplesChoiceProblem(row: { phase: string; peoplesChoice: boolean }) {
	if (!row.peoplesChoice) return 'This hackathon has no people’s choice.';
	if (row.phase === 'results') return 'People’s choice voting has closed.';
	if (row.phase !== 'judging') return 'People’s choice voting opens when hacking ends.';
	return null;
}

/**
 * The voter's votes in this hackathon queue behind each other (a transaction-scoped
 * advisory lock), so the limit holds however many votes they send at once.
 */
async function openBallot(tx: Transaction, hackathonId: number, personId: number) {
	const row = await findHackathon(hackathonId, tx);
	const problem = peoplesChoiceProblem(row);
	if (problem) throw new ServiceError(problem);
	await tx.execute(sql`select pg_advisory_xact_lock(${hackathonId}, ${personId})`);
	return row;
}

async function projectOf(tx: Transaction, hackathonId: number, submissionId: number) {
	const [project] = await tx
		.select({ id: hackathonSubmission.id, teamId: hackathonSubmission.teamId })
		.from(hackathonSubmission)
		.where(
			and(
				eq(hackathonSubmission.id, submissionId),
				eq(hackathonSubmission.hackathonId, hackathonId)
			)
		);
	if (!project) throw new ServiceError('That project does not exist.');
	return project;
}

/** Gives one of the member's votes to a project (never their own team's). */
export async function voteForProject(actorId: number, hackathonId: number, submissionId: number) {
	await withEvents(async (tx, record) => {
		const row = await openBallot(tx, hackathonId, actorId);
		const project = await projectOf(tx, hackathonId, submissionId);
		const [own] = await tx
			.select({ teamId: hackathonMember.teamId })
			.from(hackathonMember)
			.where(
				and(eq(hackathonMember.hackathonId, hackathonId), eq(hackathonMember.personId, actorId))
			);
		if (own?.teamId === project.teamId) {
			throw new ServiceError('You cannot vote for your own team.');
		}
		const used = (await myVotes(hackathonId, actorId, tx)).length;
		if (used >= row.votesPerPerson) {
			throw new ServiceError(
				`You have used all ${row.votesPerPerson} votes: take one back to vote for this project.`
			);
		}
		const added = await tx
			.insert(hackathonPeoplesVote)
			.values({ hackathonId, personId: actorId, submissionId })
			.onConflictDoNothing()
			.returning({ id: hackathonPeoplesVote.submissionId });
		if (added.length === 0) throw new ServiceError('You already voted for this project.');
		await recordHackathonEvent(
			record,
			hackathonRoom(hackathonId),
			'peoples_choice.voted',
			{ personId: actorId },
			actorId
		);
	});
}

/** Takes a vote back while voting is open. */
export async function withdrawVote(actorId: number, hackathonId: number, submissionId: number) {
	await withEvents(async (tx, record) => {
		await openBallot(tx, hackathonId, actorId);
		await projectOf(tx, hackathonId, submissionId);
		const gone = await tx
			.delete(hackathonPeoplesVote)
			.where(
				and(
					eq(hackathonPeoplesVote.personId, actorId),
					eq(hackathonPeoplesVote.submissionId, submissionId)
				)
			)
			.returning({ id: hackathonPeoplesVote.submissionId });
		if (gone.length === 0) throw new ServiceError('You have not voted for this project.');
		await recordHackathonEvent(
			record,
			hackathonRoom(hackathonId),
			'peoples_choice.voted',
			{ personId: actorId },
			actorId
		);
	});
}

/** The projects a member voted for. */
export async function myVotes(
	hackathonId: number,
	personId: number,
	db: Executor = useDb()
): Promise<number[]> {
	const rows = await db
		.select({ id: hackathonPeoplesVote.submissionId })
		.from(hackathonPeoplesVote)
		.where(
			and(
				eq(hackathonPeoplesVote.hackathonId, hackathonId),
				eq(hackathonPeoplesVote.personId, personId)
			)
		);
	return rows.map((r) => r.id);
}

/** Votes per project: for the ranking only (pages show counts after the reveal). */
export async function peoplesVoteCounts(
	hackathonId: number,
	db: Executor = useDb()
): Promise<Map<number, number>> {
	const rows = await db
		.select({ id: hackathonPeoplesVote.submissionId, n: count() })
		.from(hackathonPeoplesVote)
		.where(eq(hackathonPeoplesVote.hackathonId, hackathonId))
		.groupBy(hackathonPeoplesVote.submissionId);
	return new Map(rows.map((r) => [r.id, Number(r.n)]));
}
