// The final ranking and the reveal: organisers weigh the judgements; pressing "Reveal"
// freezes the ranking and tells every open big screen; right after, the prizes and entry
// points are paid through the ledger (each once, by its source key, on the hackathon's own
// leaderboard) in a transaction of their own, which a job repeats if this node stops first.
import { asc, eq } from 'drizzle-orm';
import { departmentsCovered } from '$lib/hackathons/checklist';
import { REVEAL_STEP_MS, weightsSchema, type WeightsInput } from '$lib/hackathons/judging';
import { useDb, type Executor, type Transaction } from '../db/client';
import { ServiceError, parseOrRefuse } from '../errors';
import { awardPointsIn, topOf, writeLedger, type Board } from '../ledger';
import { logFor } from '../log';
import { cancelJob, scheduleJob, type JobHandler } from '../jobs';
import type { RoomEvent } from '$lib/realtime/contract';
import { publish, recorderFor, withEvents, type RecordEvent } from '../realtime';
import { HACKATHONS_ROOM, hackathonRoom, recordHackathonEvent } from './events';
import { rubricResults, submissionsOf } from './judging-queries';
import { membersWithPlace, type MemberWithPlace } from './members';
import { pairwiseRanking } from './pairwise';
import { peoplesVoteCounts } from './peoples-choice';
import { lockHackathon } from './phases';
import { compositeRanking, prizeWinners, weightsInUse, type Ranked } from './ranking';
import {
	hackathon,
	hackathonChallenge,
	hackathonPrize,
	hackathonReveal,
	type RevealStep
} from './schema';
import { findHackathon, requireOrganiser } from './service';

/** Points for each member of every team that submitted a project. */
export const ENTRY_POINTS = 20;
/** A bonus for each member of a winning team from three departments or more. */
export const MIXED_WIN_POINTS = 25;

const log = logFor('hackathons');

/** Pays a revealed hackathon's points: on the revealing node at once, or by the job runner. */
export const PAYOUT_JOB = 'hackathon.payout';
const payoutKey = (hackathonId: number) => `${PAYOUT_JOB}:${hackathonId}`;

/** The leaderboard scope of one hackathon. */
export const hackathonScope = (hackathonId: number) => `hackathon:${hackathonId}`;

/** The ranking now: overall and per prize category, with the weights that count. */
export async function finalRanking(hackathonId: number, db: Executor = useDb()) {
	const row = await findHackathon(hackathonId, db);
	const [projects, rubric, pairwise, votes, challenges] = await Promise.all([
		submissionsOf(hackathonId, db),
		rubricResults(hackathonId, db),
		pairwiseRanking(hackathonId, db),
		peoplesVoteCounts(hackathonId, db),
		db
			.select()
			.from(hackathonChallenge)
			.where(eq(hackathonChallenge.hackathonId, hackathonId))
			.orderBy(asc(hackathonChallenge.position))
	]);
	const rubricOf = new Map(rubric.map((r) => [r.id, r.normalised]));
	const muOf = new Map(pairwise.map((p) => [p.id, p.mu]));
	const weights = weightsInUse(row, {
		rubric: row.rubricWeight,
		pairwise: row.pairwiseWeight,
		peoplesChoice: row.peoplesChoiceWeight
	});
	const overall = compositeRanking(
		projects.map((p) => ({
			id: p.id,
			title: p.title,
			teamId: p.teamId,
			teamName: p.teamName,
			challengeId: p.challengeId,
			categoryIds: p.categoryIds,
			rubric: weights.rubric > 0 ? (rubricOf.get(p.id) ?? null) : null,
			mu: weights.pairwise > 0 ? (muOf.get(p.id) ?? 0) : null,
			votes: weights.peoplesChoice > 0 ? (votes.get(p.id) ?? 0) : 0
		})),
		weights
	);
	return { weights, overall, categories: challenges.filter((c) => c.isCategory) };
}

/** Organisers set the ranking's weights until the results are revealed. */
export async function setRankingWeights(actorId: number, hackathonId: number, input: WeightsInput) {
	const data = parseOrRefuse(weightsSchema, input);
	await withEvents(async (tx, record) => {
		await requireOrganiser(tx, actorId, hackathonId);
		if (await revealRow(tx, hackathonId)) throw new ServiceError('The results are already out.');
		await tx
			.update(hackathon)
			.set({
				rubricWeight: data.rubric,
				pairwiseWeight: data.pairwise,
				peoplesChoiceWeight: data.peoplesChoice
			})
			.where(eq(hackathon.id, hackathonId));
		await recordHackathonEvent(
			record,
			hackathonRoom(hackathonId),
			'ranking.weights',
			data,
			actorId
		);
	});
}

async function revealRow(db: Executor, hackathonId: number) {
	const [row] = await db
		.select()
		.from(hackathonReveal)
		.where(eq(hackathonReveal.hackathonId, hackathonId));
	return row ?? null;
}

/** The reveal, if it happened, and how far into it the big screen is now. */
export async function revealOf(hackathonId: number) {
	const row = await revealRow(useDb(), hackathonId);
	if (!row) return null;
	return { ...row, elapsedMs: Date.now() - row.revealedAt.getTime(), stepMs: REVEAL_STEP_MS };
}

/** The big screen's order: category by category (overall last), last place first. */
function revealSteps(
	winners: ReturnType<typeof prizeWinners<typeof hackathonPrize.$inferSelect>>,
	categories: { id: number; title: string }[],
	members: MemberWithPlace[]
): RevealStep[] {
	const groupOrder = [...categories.map((c) => c.id), null];
	const title = (id: number | null) => categories.find((c) => c.id === id)?.title ?? 'Overall';
	return groupOrder.flatMap((group) =>
		winners
			.filter((w) => w.prize.challengeId === group)
			.sort((a, b) => b.place - a.place)
			.map((w) => ({
				category: title(group),
				place: w.place,
				prize: w.prize.title,
				points: w.prize.points,
				submissionId: w.winner?.id ?? null,
				project: w.winner?.title ?? null,
				team: w.winner?.teamName ?? null,
				members: members.filter((m) => m.teamId === w.winner?.teamId).map((m) => m.name)
			}))
	);
}

/** A prize's points split evenly between the team; the first to join take the remainder. */
export function shares(points: number, people: number[]): Map<number, number> {
	const each = Math.floor(points / people.length);
	const extra = points - each * people.length;
	return new Map(people.map((p, i) => [p, each + (i < extra ? 1 : 0)]));
}

async function pay(
	tx: Transaction,
	record: RecordEvent,
	hackathonId: number,
	ranking: Ranked[],
	winners: ReturnType<typeof prizeWinners<typeof hackathonPrize.$inferSelect>>,
	members: MemberWithPlace[],
	actorId: number
) {
	const scopes = [hackathonScope(hackathonId)];
	const teamOf = (teamId: number) => members.filter((m) => m.teamId === teamId);
	for (const project of ranking) {
		for (const m of teamOf(project.teamId)) {
			await awardPointsIn(tx, record, {
				personId: m.personId,
				amount: ENTRY_POINTS,
				sourceKind: 'hackathon.entry',
				sourceId: hackathonId,
				scopes,
				actorId,
				reason: `Submitted ${project.title}`
			});
		}
	}
	for (const { prize, winner } of winners) {
		if (!winner || prize.points < 1) continue;
		const team = teamOf(winner.teamId);
		for (const [personId, amount] of shares(
			prize.points,
			team.map((m) => m.personId)
		)) {
			if (amount < 1) continue;
			await awardPointsIn(tx, record, {
				personId,
				amount,
				sourceKind: 'hackathon.prize',
				sourceId: prize.id,
				scopes,
				actorId,
				reason: prize.title
			});
		}
		if (departmentsCovered(team).length >= 3) {
			for (const m of team) {
				await awardPointsIn(tx, record, {
					personId: m.personId,
					amount: MIXED_WIN_POINTS,
					sourceKind: 'hackathon.mixed_win',
					sourceId: hackathonId,
					scopes,
					actorId,
					reason: 'A winning team from three departments'
				});
			}
		}
	}
}

/**
 * An organiser reveals the results once judging has closed: the ranking is frozen and
 * every open big screen starts the reveal at once. The payout follows in its own
 * transaction, so the time from the press to the screens does not grow with the number of
 * people paid; it is scheduled as a job in the reveal's transaction, so it happens (once)
 * even if this node stops in between.
 */
export async function revealResults(actorId: number, hackathonId: number) {
	const steps = await withEvents(async (tx, record) => {
		await requireOrganiser(tx, actorId, hackathonId);
		const row = await lockHackathon(tx, hackathonId);
		if (!row) throw new ServiceError('That hackathon does not exist.');
		if (row.phase !== 'results')
			throw new ServiceError('Reveal the results once judging has closed.');
		if (await revealRow(tx, hackathonId)) throw new ServiceError('The results are already out.');
		const { overall, categories, winners, members } = await payoutBasis(tx, hackathonId);
		const steps = revealSteps(winners, categories, members);
		await tx.insert(hackathonReveal).values({
			hackathonId,
			revealedById: actorId,
			steps,
			ranking: overall.map((r) => ({
				id: r.id,
				place: r.place,
				title: r.title,
				team: r.teamName,
				score: r.score,
				votes: r.votes
			}))
		});
		await scheduleJob(tx, {
			kind: PAYOUT_JOB,
			key: payoutKey(hackathonId),
			payload: { hackathonId, actorId }
		});
		const payload = { steps, stepMs: REVEAL_STEP_MS };
		await recordHackathonEvent(
			record,
			hackathonRoom(hackathonId),
			'results.revealed',
			payload,
			actorId
		);
		await recordHackathonEvent(record, HACKATHONS_ROOM, 'results.revealed', payload, actorId);
		return steps;
	});
	try {
		await payOut(hackathonId, actorId);
	} catch (err) {
		// The reveal is out; the job pays once the database answers again.
		log.warn({ err, hackathonId }, 'hackathon payout deferred to its job');
	}
	return steps;
}

/** The ranking, its prize winners and every team's members: what the reveal shows and pays. */
async function payoutBasis(tx: Transaction, hackathonId: number) {
	const [{ overall, categories }, prizes, members] = await Promise.all([
		finalRanking(hackathonId, tx),
		tx.select().from(hackathonPrize).where(eq(hackathonPrize.hackathonId, hackathonId)),
		membersWithPlace(tx, hackathonId)
	]);
	return { overall, categories, members, winners: prizeWinners(prizes, overall) };
}

/**
 * Pays the revealed hackathon unless someone already has: taking the pending payout job
 * decides (a node claiming it holds its row, and a paid one is no longer pending).
 */
async function payOut(hackathonId: number, actorId: number) {
	await writeLedger(async (tx, record) => {
		if (!(await cancelJob(tx, payoutKey(hackathonId)))) return;
		await payIn(tx, record, hackathonId, actorId);
	});
}

async function payIn(tx: Transaction, record: RecordEvent, hackathonId: number, actorId: number) {
	const { overall, winners, members } = await payoutBasis(tx, hackathonId);
	await pay(tx, record, hackathonId, overall, winners, members, actorId);
}

/** The payout job: the revealing node stopped before paying; its events follow the claim. */
export const payoutJob: JobHandler = async ({ tx, job, afterCommit }) => {
	const { hackathonId, actorId } = job.payload as { hackathonId: number; actorId: number };
	const events: RoomEvent[] = [];
	await payIn(tx, recorderFor(tx, events), hackathonId, actorId);
	if (events.length > 0) afterCommit(() => publish(events));
};

/** The hackathon's leaderboard: people, teams and departments by the points it paid. */
export async function hackathonLeaderboard(hackathonId: number) {
	const board = (which: Board) =>
		topOf({ scope: hackathonScope(hackathonId), board: which, period: 'all', limit: 10 });
	const [people, teams, departments] = await Promise.all([
		board('person'),
		board('team'),
		board('department')
	]);
	return { people, teams, departments };
}
