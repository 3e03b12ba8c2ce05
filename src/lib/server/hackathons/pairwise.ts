// Pairwise judging: a judge looks at one project, then the next, and says whether the new
// one is better or worse than the one before (or skips it with a reason). Votes are stored
// in order; the model is always those votes replayed from the priors, so undoing the last
// vote is deleting it. Each judge's steps queue on their judge row.
import { and, asc, count, desc, eq, gt, ne } from 'drizzle-orm';
import { skipSchema } from '$lib/hackathons/judging';
import { useDb, type Executor, type Transaction } from '../db/client';
import { ServiceError, parseOrRefuse } from '../errors';
import { withEvents } from '../realtime';
import { CROWD_BT } from './crowd-bt';
import { hackathonRoom, recordHackathonEvent } from './events';
import { conflictedTeams } from './judging';
import { BUSY_MS, chooseNextProject, replayVotes, type Candidate } from './pairwise-choice';
import {
	hackathonJudge,
	hackathonPairwiseView,
	hackathonPairwiseVote,
	hackathonSubmission,
	hackathonTeam
} from './schema';
import { findHackathon, requireOrganiser } from './service';

type View = typeof hackathonPairwiseView.$inferSelect;

/** Why pairwise judging is closed for this hackathon now, or null. */
export function pairwiseProblem(row: { phase: string; judgingMode: string }): string | null {
	if (row.judgingMode === 'rubric') return 'This hackathon is judged with the rubric only.';
	if (row.phase === 'results') return 'Judging has closed.';
	if (row.phase !== 'judging') return 'Judging opens when hacking ends.';
	return null;
}

/** The judge's row, locked: one judge's steps never interleave. */
async function lockJudge(tx: Transaction, hackathonId: number, judgeId: number) {
	const row = await findHackathon(hackathonId, tx);
	const [judge] = await tx
		.select({ id: hackathonJudge.personId })
		.from(hackathonJudge)
		.where(and(eq(hackathonJudge.hackathonId, hackathonId), eq(hackathonJudge.personId, judgeId)))
		.for('update');
	if (!judge) throw new ServiceError('Only the judges of this hackathon can judge projects.');
	const problem = pairwiseProblem(row);
	if (problem) throw new ServiceError(problem);
	return row;
}

async function viewsOf(db: Executor, hackathonId: number, judgeId: number): Promise<View[]> {
	return db
		.select()
		.from(hackathonPairwiseView)
		.where(
			and(
				eq(hackathonPairwiseView.hackathonId, hackathonId),
				eq(hackathonPairwiseView.judgeId, judgeId)
			)
		)
		.orderBy(asc(hackathonPairwiseView.id));
}

async function votesOf(db: Executor, hackathonId: number) {
	return db
		.select({
			id: hackathonPairwiseVote.id,
			judgeId: hackathonPairwiseVote.judgeId,
			winnerId: hackathonPairwiseVote.winnerId,
			loserId: hackathonPairwiseVote.loserId
		})
		.from(hackathonPairwiseVote)
		.where(eq(hackathonPairwiseVote.hackathonId, hackathonId))
		.orderBy(asc(hackathonPairwiseVote.id));
}

/** Where a judge stands: the project in front of them, the one before, and whether done. */
export function judgeStep(
	views: View[],
	votes: { judgeId: number; winnerId: number; loserId: number }[],
	judgeId: number
) {
	const last = views.at(-1) ?? null;
	const current = last && last.skipReason === null ? last : null;
	const before = views.slice(0, -1).filter((v) => v.skipReason === null);
	const previous = current
		? (before.at(-1) ?? null)
		: (views.filter((v) => v.skipReason === null).at(-1) ?? null);
	const voted =
		current !== null &&
		votes.some(
			(v) =>
				v.judgeId === judgeId &&
				(v.winnerId === current.submissionId || v.loserId === current.submissionId)
		);
	return {
		current: current?.submissionId ?? null,
		previous: previous?.submissionId ?? null,
		/** The current project was compared (or skipped) and nothing is left to show. */
		finished: views.length > 0 && (current === null || voted)
	};
}

/** The projects this judge may be shown, with what the choice weighs. */
async function candidatesFor(
	tx: Transaction,
	hackathonId: number,
	judgeId: number,
	seen: Set<number>
) {
	const since = new Date(Date.now() - BUSY_MS);
	const [projects, views, others, conflicts] = await Promise.all([
		tx
			.select({
				id: hackathonSubmission.id,
				teamId: hackathonSubmission.teamId,
				prioritised: hackathonSubmission.prioritised
			})
			.from(hackathonSubmission)
			.where(eq(hackathonSubmission.hackathonId, hackathonId)),
		tx
			.select({ id: hackathonPairwiseView.submissionId, n: count() })
			.from(hackathonPairwiseView)
			.where(eq(hackathonPairwiseView.hackathonId, hackathonId))
			.groupBy(hackathonPairwiseView.submissionId),
		// Each other judge's latest project, when they were shown it recently.
		tx
			.selectDistinctOn([hackathonPairwiseView.judgeId], {
				id: hackathonPairwiseView.submissionId,
				at: hackathonPairwiseView.viewedAt
			})
			.from(hackathonPairwiseView)
			.where(
				and(
					eq(hackathonPairwiseView.hackathonId, hackathonId),
					ne(hackathonPairwiseView.judgeId, judgeId)
				)
			)
			.orderBy(hackathonPairwiseView.judgeId, desc(hackathonPairwiseView.id)),
		conflictedTeams(tx, hackathonId, judgeId)
	]);
	const viewCount = new Map(views.map((v) => [v.id, Number(v.n)]));
	const busy = new Set(others.filter((o) => o.at > since).map((o) => o.id));
	return projects
		.filter(
			(p) => !seen.has(p.id) && !conflicts.own.has(p.teamId) && !conflicts.declared.has(p.teamId)
		)
		.map((p): Candidate => ({
			id: p.id,
			prioritised: p.prioritised > 0,
			views: viewCount.get(p.id) ?? 0,
			busy: busy.has(p.id)
		}));
}

type Vote = Awaited<ReturnType<typeof votesOf>>[number];

/**
 * Chooses and shows the judge's next project; null when every project was seen. A caller
 * that has just read the judge's views and the votes (and added its own vote) passes
 * them: a vote is the busiest step of judging, and reading them again would double its
 * statements.
 */
async function showNext(
	tx: Transaction,
	hackathonId: number,
	judgeId: number,
	previous: number | null,
	known?: { views: View[]; votes: Vote[] }
) {
	const [views, votes] = known
		? [known.views, known.votes]
		: await Promise.all([viewsOf(tx, hackathonId, judgeId), votesOf(tx, hackathonId)]);
	const seen = new Set(views.map((v) => v.submissionId));
	const unseen = await candidatesFor(tx, hackathonId, judgeId, seen);
	const { skills, judges } = replayVotes(votes);
	const reliability = judges.get(judgeId) ?? CROWD_BT.judge;
	const before = previous === null ? null : (skills.get(previous) ?? CROWD_BT.project);
	const next = chooseNextProject(unseen, before, reliability, skills);
	if (next === null) return null;
	await tx.insert(hackathonPairwiseView).values({ hackathonId, judgeId, submissionId: next });
	return next;
}

async function stepOf(tx: Transaction, hackathonId: number, judgeId: number) {
	const [views, votes] = await Promise.all([
		viewsOf(tx, hackathonId, judgeId),
		votesOf(tx, hackathonId)
	]);
	return { views, votes, ...judgeStep(views, votes, judgeId) };
}

/** Shows the judge their first project (random), or the next after looking at the first. */
export async function nextPairwiseProject(actorId: number, hackathonId: number) {
	return withEvents(async (tx) => {
		await lockJudge(tx, hackathonId, actorId);
		const step = await stepOf(tx, hackathonId, actorId);
		if (step.views.length > 0 && (step.previous !== null || step.current === null)) {
			throw new ServiceError('Say whether this project is better or worse, or skip it.');
		}
		const next = await showNext(tx, hackathonId, actorId, step.current);
		if (next === null) throw new ServiceError('There are no projects for you to judge.');
		return next;
	});
}

/**
 * The judge says the project in front of them is better or worse than the one before;
 * the vote is stored and the next project chosen.
 */
export async function votePairwise(
	actorId: number,
	hackathonId: number,
	verdict: 'better' | 'worse'
) {
	return withEvents(async (tx, record) => {
		await lockJudge(tx, hackathonId, actorId);
		const step = await stepOf(tx, hackathonId, actorId);
		if (step.current === null || step.previous === null || step.finished) {
			throw new ServiceError('There is no pair of projects to compare.');
		}
		const [winnerId, loserId] =
			verdict === 'better' ? [step.current, step.previous] : [step.previous, step.current];
		const [vote] = await tx
			.insert(hackathonPairwiseVote)
			.values({ hackathonId, judgeId: actorId, winnerId, loserId })
			.returning({ id: hackathonPairwiseVote.id });
		const votes = [...step.votes, { id: vote.id, judgeId: actorId, winnerId, loserId }];
		const next = await showNext(tx, hackathonId, actorId, step.current, {
			views: step.views,
			votes
		});
		await recordHackathonEvent(
			record,
			hackathonRoom(hackathonId),
			'pairwise.voted',
			{ judgeId: actorId, votes: step.votes.filter((v) => v.judgeId === actorId).length + 1 },
			actorId
		);
		return next;
	});
}

/** The judge skips the project in front of them, saying why; the next one is chosen. */
export async function skipPairwiseProject(actorId: number, hackathonId: number, reason: string) {
	const data = parseOrRefuse(skipSchema, { reason });
	return withEvents(async (tx) => {
		await lockJudge(tx, hackathonId, actorId);
		const step = await stepOf(tx, hackathonId, actorId);
		const last = step.views.at(-1);
		if (!last || step.current === null || step.finished)
			throw new ServiceError('There is no project to skip.');
		await tx
			.update(hackathonPairwiseView)
			.set({ skipReason: data.reason })
			.where(eq(hackathonPairwiseView.id, last.id));
		return showNext(tx, hackathonId, actorId, step.previous);
	});
}

/**
 * Takes back the judge's last vote: it is deleted (the model is the remaining votes
 * replayed) and the projects shown after it are unseen again, so the judge is back at
 * that comparison.
 */
export async function undoLastPairwiseVote(actorId: number, hackathonId: number) {
	await withEvents(async (tx, record) => {
		await lockJudge(tx, hackathonId, actorId);
		const [last] = await tx
			.select()
			.from(hackathonPairwiseVote)
			.where(
				and(
					eq(hackathonPairwiseVote.hackathonId, hackathonId),
					eq(hackathonPairwiseVote.judgeId, actorId)
				)
			)
			.orderBy(desc(hackathonPairwiseVote.id))
			.limit(1);
		if (!last) throw new ServiceError('You have no vote to undo.');
		const views = await viewsOf(tx, hackathonId, actorId);
		const at = Math.max(
			...views
				.filter((v) => v.submissionId === last.winnerId || v.submissionId === last.loserId)
				.map((v) => v.id)
		);
		await tx.delete(hackathonPairwiseVote).where(eq(hackathonPairwiseVote.id, last.id));
		await tx
			.delete(hackathonPairwiseView)
			.where(
				and(
					eq(hackathonPairwiseView.hackathonId, hackathonId),
					eq(hackathonPairwiseView.judgeId, actorId),
					gt(hackathonPairwiseView.id, at)
				)
			);
		const left = await tx
			.select({ n: count() })
			.from(hackathonPairwiseVote)
			.where(
				and(
					eq(hackathonPairwiseVote.hackathonId, hackathonId),
					eq(hackathonPairwiseVote.judgeId, actorId)
				)
			);
		await recordHackathonEvent(
			record,
			hackathonRoom(hackathonId),
			'pairwise.voted',
			{ judgeId: actorId, votes: Number(left[0].n) },
			actorId
		);
	});
}

/** A judge's pairwise page: the two projects in play, their votes so far, and whether done. */
export async function pairwiseOf(hackathonId: number, judgeId: number) {
	const db = useDb();
	const [views, votes] = await Promise.all([
		viewsOf(db, hackathonId, judgeId),
		votesOf(db, hackathonId)
	]);
	const step = judgeStep(views, votes, judgeId);
	const mine = votes.filter((v) => v.judgeId === judgeId).length;
	return { ...step, started: views.length > 0, votes: mine, seen: views.length };
}

/** The pairwise ranking: every submission by μ (highest first), with σ² and comparisons. */
export async function pairwiseRanking(hackathonId: number, db: Executor = useDb()) {
	const [projects, votes] = await Promise.all([
		db
			.select({
				id: hackathonSubmission.id,
				title: hackathonSubmission.title,
				teamName: hackathonTeam.name,
				prioritised: hackathonSubmission.prioritised
			})
			.from(hackathonSubmission)
			.innerJoin(hackathonTeam, eq(hackathonTeam.id, hackathonSubmission.teamId))
			.where(eq(hackathonSubmission.hackathonId, hackathonId)),
		votesOf(db, hackathonId)
	]);
	const { skills } = replayVotes(
		votes,
		projects.map((p) => p.id)
	);
	const compared = new Map<number, number>();
	for (const v of votes)
		for (const id of [v.winnerId, v.loserId]) compared.set(id, (compared.get(id) ?? 0) + 1);
	return projects
		.map((p) => ({
			...p,
			...skills.get(p.id)!,
			prioritised: p.prioritised > 0,
			comparisons: compared.get(p.id) ?? 0
		}))
		.sort((a, b) => b.mu - a.mu || a.id - b.id);
}

/**
 * Organisers flag a project to be shown first in pairwise judging (or unflag it), while
 * pairwise judging can still use it; open judging pages show the flag at once.
 */
export async function prioritiseProject(
	actorId: number,
	hackathonId: number,
	submissionId: number,
	on: boolean
) {
	await withEvents(async (tx, record) => {
		await requireOrganiser(tx, actorId, hackathonId);
		const row = await findHackathon(hackathonId, tx);
		if (row.judgingMode === 'rubric')
			throw new ServiceError('This hackathon is judged with the rubric only.');
		if (row.phase === 'results') throw new ServiceError('Judging has closed.');
		const done = await tx
			.update(hackathonSubmission)
			.set({ prioritised: on ? 1 : 0 })
			.where(
				and(
					eq(hackathonSubmission.id, submissionId),
					eq(hackathonSubmission.hackathonId, hackathonId)
				)
			)
			.returning({ id: hackathonSubmission.id });
		if (done.length === 0) throw new ServiceError('That project does not exist.');
		await recordHackathonEvent(
			record,
			hackathonRoom(hackathonId),
			'submission.prioritised',
			{ submissionId, prioritised: on },
			actorId
		);
	});
}
