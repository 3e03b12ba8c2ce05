// People's choice, the final ranking and the reveal against the real database: the vote
// limit (also under concurrent votes), never one's own team, the composite ranking with
// its tie-break, prizes and entry points paid once through the ledger, and the badges.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	PAYOUT_JOB,
	advancePhase,
	createTeam,
	finalRanking,
	hackathonDetail,
	hackathonLeaderboard,
	inviteToTeam,
	answerInvite,
	myVotes,
	revealOf,
	revealResults,
	saveSubmission,
	setRankingWeights,
	voteForProject,
	withdrawVote
} from '../../src/lib/server/hackathons';
import { compositeRanking, type RankingEntry } from '../../src/lib/server/hackathons/ranking';
import { createJobRunner, job, scheduleJob } from '../../src/lib/server/jobs';
import { balanceOf, badgesOf, verifyLedgerTotals } from '../../src/lib/server/ledger';
import { ledgerEntry } from '../../src/lib/server/ledger/schema';
import { registerModules } from '../../src/lib/server/modules';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { hackathonCast, openHackathon } from '../helpers/hackathons';
import { addPerson } from '../helpers/ledger';
import { refusal } from '../helpers/refusal';

let testDb: TestDatabase;
let cast: Awaited<ReturnType<typeof hackathonCast>>;

beforeAll(async () => {
	registerModules();
	testDb = await createTestDatabase();
	cast = await hackathonCast(testDb);
}, 180_000);

afterAll(async () => {
	await testDb?.destroy();
});

/**
 * Team A (Sam, Pia, Erin: three departments) enters the Search category; team B (Eli) the
 * overall ranking only. Judging is open.
 */
async function judgingWithTwoProjects(votesPerPerson = 3) {
	const id = await openHackathon(cast.admin, {
		teamSizeMin: 1,
		minDepartments: 1,
		requiredDepartmentKind: null,
		votesPerPerson
	});
	const a = await createTeam(cast.sam, id, { name: 'Team A' });
	for (const who of [cast.pia, cast.erin]) {
		await answerInvite(who, id, await inviteToTeam(cast.sam, id, a, who), true);
	}
	const b = await createTeam(cast.eli, id, { name: 'Team B' });
	await advancePhase(cast.admin, id); // hacking
	const search = (await hackathonDetail(id)).challenges.find((c) => c.title === 'Search')!;
	const projectA = await saveSubmission(cast.sam, id, a, {
		title: 'Answer search',
		description: 'Search.',
		categoryIds: [search.id]
	});
	const projectB = await saveSubmission(cast.eli, id, b, { title: 'Bot', description: 'Bot.' });
	return { id, projectA, projectB };
}

describe("people's choice", () => {
	it('gives N votes, never for one’s own team, changeable until voting closes', async () => {
		const { id, projectA, projectB } = await judgingWithTwoProjects(1);
		const voter = await addPerson(testDb, 'Val Voter', cast.teams.support.id);
		expect((await refusal(voteForProject(voter, id, projectA))).message).toBe(
			'People’s choice voting opens when hacking ends.'
		);
		await advancePhase(cast.admin, id); // judging
		expect((await refusal(voteForProject(cast.sam, id, projectA))).message).toBe(
			'You cannot vote for your own team.'
		);
		await voteForProject(voter, id, projectA);
		expect((await refusal(voteForProject(voter, id, projectA))).message).toMatch(
			/used all 1 votes/
		);
		expect((await refusal(voteForProject(voter, id, 2_147_483_647))).message).toBe(
			'That project does not exist.'
		);
		// Changing: take the vote back, give it to the other project.
		await withdrawVote(voter, id, projectA);
		await voteForProject(voter, id, projectB);
		expect(await myVotes(id, voter)).toEqual([projectB]);
		// Five votes at once from someone with one vote: exactly one counts.
		const eager = await addPerson(testDb, 'Eve Eager', cast.teams.product.id);
		const outcomes = await Promise.allSettled(
			Array.from({ length: 5 }, (_, i) => voteForProject(eager, id, i % 2 ? projectA : projectB))
		);
		expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
		expect(await myVotes(id, eager)).toHaveLength(1);
		await advancePhase(cast.admin, id); // results
		expect((await refusal(withdrawVote(voter, id, projectB))).message).toBe(
			'People’s choice voting has closed.'
		);
	});
});

describe('the final ranking', () => {
	const entry = (id: number, extra: Partial<RankingEntry>): RankingEntry => ({
		id,
		title: `P${id}`,
		teamId: id,
		teamName: `T${id}`,
		challengeId: null,
		categoryIds: [],
		rubric: null,
		mu: null,
		votes: 0,
		...extra
	});

	it('weighs the normalised judgements and breaks ties as the page says', () => {
		const entries = [
			entry(1, { rubric: 1.0, mu: -0.5, votes: 0 }),
			entry(2, { rubric: -1.0, mu: 0.8, votes: 4 }),
			entry(3, { rubric: 0.0, mu: 0.1, votes: 2 })
		];
		// Rubric parts 1, 0, 0.5; pairwise by μ rank 0, 1, 0.5; votes 0, 1, 0.5.
		const ranked = compositeRanking(entries, { rubric: 60, pairwise: 20, peoplesChoice: 20 });
		expect(ranked.map((r) => [r.id, r.place, Number(r.score.toFixed(6))])).toEqual([
			[1, 1, 0.6],
			[3, 2, 0.5],
			[2, 3, 0.4]
		]);
		// Equal scores: the higher rubric average wins, then μ, then votes, then the lower id.
		const tied = compositeRanking(
			[
				entry(5, { votes: 1, mu: 0.2 }),
				entry(4, { votes: 1, mu: 0.2 }),
				entry(6, { votes: 1, mu: 0.3 })
			],
			{ rubric: 0, pairwise: 0, peoplesChoice: 1 }
		);
		expect(tied.map((r) => r.id)).toEqual([6, 4, 5]);
	});
});

describe('the reveal', () => {
	it('pays prizes and entry points once, awards the badges and freezes the steps', async () => {
		const { id, projectA, projectB } = await judgingWithTwoProjects();
		await setRankingWeights(cast.admin, id, { rubric: 0, pairwise: 0, peoplesChoice: 100 });
		expect(
			(
				await refusal(
					setRankingWeights(cast.admin, id, { rubric: 0, pairwise: 0, peoplesChoice: 0 })
				)
			).field
		).toBe('rubric');
		await advancePhase(cast.admin, id); // judging
		for (const name of ['V1', 'V2']) {
			await voteForProject(await addPerson(testDb, name, cast.teams.support.id), id, projectA);
		}
		await voteForProject(await addPerson(testDb, 'V3', cast.teams.support.id), id, projectB);
		expect((await refusal(revealResults(cast.admin, id))).message).toBe(
			'Reveal the results once judging has closed.'
		);
		await advancePhase(cast.admin, id); // results
		expect((await refusal(revealResults(cast.sam, id))).message).toMatch(/Only the organisers/);
		const before = await Promise.all([cast.sam, cast.pia, cast.erin, cast.eli].map(balanceOf));

		const { overall } = await finalRanking(id);
		expect(overall.map((r) => [r.id, r.votes])).toEqual([
			[projectA, 2],
			[projectB, 1]
		]);
		const steps = await revealResults(cast.admin, id);
		// Category by category, the overall prize last.
		expect(steps.map((s) => [s.category, s.place, s.prize, s.project])).toEqual([
			['Search', 1, 'Best search', 'Answer search'],
			['Overall', 1, 'Grand prize', 'Answer search']
		]);
		expect(steps[0].members).toEqual(['Sam Support', 'Pia Product', 'Erin Engineer']);
		expect((await refusal(revealResults(cast.admin, id))).message).toBe(
			'The results are already out.'
		);

		const after = await Promise.all([cast.sam, cast.pia, cast.erin, cast.eli].map(balanceOf));
		// Entry 20; Grand prize 300 / 3 = 100; Best search 100 = 34 + 33 + 33; three
		// departments: 25 more each. Eli's team submitted: 20.
		expect(after.map((p, i) => p - before[i])).toEqual([179, 178, 178, 20]);
		const badges = (await badgesOf(cast.sam)).map((b) => b.badge);
		expect(badges).toEqual(
			expect.arrayContaining(['hackathon-first', 'hackathon-winner', 'hackathon-bridge'])
		);
		expect((await badgesOf(cast.eli)).map((b) => b.badge)).not.toContain('hackathon-winner');
		expect((await verifyLedgerTotals()).ok).toBe(true);

		const board = await hackathonLeaderboard(id);
		// Equal points: whoever reached them first (Pia was paid before Erin).
		expect(board.people.map((p) => [p.name, p.points])).toEqual([
			['Sam Support', 179],
			['Pia Product', 178],
			['Erin Engineer', 178],
			['Eli Engineer', 20]
		]);
		expect(board.departments).toHaveLength(3);
		const reveal = await revealOf(id);
		expect(reveal?.steps).toEqual(steps);
		// Paid at once by the revealing node: no payout is left for the job runner.
		expect(await payoutJobs(id)).toEqual([]);
	});

	it('is paid once by its job when the revealing node stopped before paying', async () => {
		const { id } = await judgingWithTwoProjects();
		await advancePhase(cast.admin, id); // judging
		await advancePhase(cast.admin, id); // results
		const people = [cast.sam, cast.pia, cast.erin, cast.eli];
		const before = await Promise.all(people.map(balanceOf));
		// What a reveal leaves behind when its node stops right after committing it.
		const payout = { hackathonId: id, actorId: cast.admin };
		await scheduleJob(testDb.db, { kind: PAYOUT_JOB, key: `${PAYOUT_JOB}:${id}`, payload: payout });

		await createJobRunner().runDue();
		expect(await payoutJobs(id)).toEqual([{ state: 'done' }]);
		const paid = await Promise.all(people.map(balanceOf));
		expect(await entriesOf(id)).toBe(4);
		for (const [i, points] of paid.entries()) expect(points - before[i]).toBeGreaterThanOrEqual(20);

		// Neither the runner again nor the reveal itself pays a second time.
		await createJobRunner().runDue();
		await revealResults(cast.admin, id);
		expect(await Promise.all(people.map(balanceOf))).toEqual(paid);
		expect(await entriesOf(id)).toBe(4);
		expect((await verifyLedgerTotals()).ok).toBe(true);
	});
});

async function payoutJobs(hackathonId: number) {
	return testDb.db
		.select({ state: job.state })
		.from(job)
		.where(eq(job.key, `${PAYOUT_JOB}:${hackathonId}`));
}

/** Entry points paid for the hackathon: one ledger row per member of a team that submitted. */
async function entriesOf(hackathonId: number): Promise<number> {
	const rows = await testDb.db
		.select({ id: ledgerEntry.id })
		.from(ledgerEntry)
		.where(
			and(
				eq(ledgerEntry.sourceKind, 'hackathon.entry'),
				eq(ledgerEntry.sourceId, String(hackathonId))
			)
		);
	return rows.length;
}
