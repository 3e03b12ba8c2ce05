// Pairwise judging against the real database: CrowdBT checked against numbers derived by
// hand and against a reference written here from the equations (its own log-gamma
// and digamma), the next-project rules, skipping with a reason, and undoing the last vote.
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	addJudge,
	advancePhase,
	createTeam,
	nextPairwiseProject,
	pairwiseOf,
	pairwiseRanking,
	prioritiseProject,
	saveSubmission,
	skipPairwiseProject,
	undoLastPairwiseVote,
	votePairwise
} from '../../src/lib/server/hackathons';
import { expectedInformationGain, updateAfterVote } from '../../src/lib/server/hackathons/crowd-bt';
import {
	chooseNextProject,
	preferredCandidates,
	type Candidate
} from '../../src/lib/server/hackathons/pairwise-choice';
import {
	hackathonPairwiseView,
	hackathonPairwiseVote
} from '../../src/lib/server/hackathons/schema';
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

// ---- The reference: the equations written out again, term by term. ----------

/** ln Γ(x): the recurrence up to x ≥ 30, then Stirling's series (error far below 1e-15). */
function refLnGamma(x: number): number {
	let shift = 0;
	while (x < 30) {
		shift += Math.log(x);
		x += 1;
	}
	const x2 = x * x;
	const series =
		1 / (12 * x) - 1 / (360 * x * x2) + 1 / (1260 * x2 * x2 * x) - 1 / (1680 * x2 * x2 * x2 * x);
	return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + series - shift;
}

/** ψ(x): the recurrence up to x ≥ 30, then the asymptotic series. */
function refDigamma(x: number): number {
	let shift = 0;
	while (x < 30) {
		shift += 1 / x;
		x += 1;
	}
	const x2 = x * x;
	return (
		Math.log(x) -
		1 / (2 * x) -
		1 / (12 * x2) +
		1 / (120 * x2 * x2) -
		1 / (252 * x2 * x2 * x2) -
		shift
	);
}

type S = { mu: number; sigmaSq: number };
type J = { alpha: number; beta: number };

function refUpdate(j: J, w: S, l: S) {
	const a = j.alpha;
	const b = j.beta;
	const ew = Math.exp(w.mu);
	const el = Math.exp(l.mu);
	const c1 =
		ew / (ew + el) + (0.5 * (w.sigmaSq + l.sigmaSq) * ew * el * (el - ew)) / Math.pow(ew + el, 3);
	const c2 = 1 - c1;
	const C = (c1 * a + c2 * b) / (a + b);
	const E1 = (c1 * (a + 1) * a + c2 * a * b) / (C * (a + b + 1) * (a + b));
	const E2 =
		(c1 * (a + 2) * (a + 1) * a + c2 * (a + 1) * a * b) / (C * (a + b + 2) * (a + b + 1) * (a + b));
	const alpha = ((E1 - E2) * E1) / (E2 - E1 * E1);
	const beta = ((E1 - E2) * (1 - E1)) / (E2 - E1 * E1);
	const m = (a * ew) / (a * ew + b * el) - ew / (ew + el);
	const v = (a * ew * b * el) / Math.pow(a * ew + b * el, 2) - (ew * el) / Math.pow(ew + el, 2);
	return {
		C,
		judge: { alpha, beta },
		winner: { mu: w.mu + w.sigmaSq * m, sigmaSq: w.sigmaSq * Math.max(1 + w.sigmaSq * v, 1e-4) },
		loser: { mu: l.mu - l.sigmaSq * m, sigmaSq: l.sigmaSq * Math.max(1 + l.sigmaSq * v, 1e-4) }
	};
}

function refKlNormal(p: S, q: S) {
	return (
		(p.mu - q.mu) ** 2 / (2 * q.sigmaSq) +
		(p.sigmaSq / q.sigmaSq - 1 - Math.log(p.sigmaSq / q.sigmaSq)) / 2
	);
}

function refKlBeta(p: J, q: J) {
	const lnB = (x: number, y: number) => refLnGamma(x) + refLnGamma(y) - refLnGamma(x + y);
	return (
		lnB(q.alpha, q.beta) -
		lnB(p.alpha, p.beta) +
		(p.alpha - q.alpha) * refDigamma(p.alpha) +
		(p.beta - q.beta) * refDigamma(p.beta) +
		(q.alpha - p.alpha + q.beta - p.beta) * refDigamma(p.alpha + p.beta)
	);
}

function refGain(j: J, a: S, b: S) {
	const aWins = refUpdate(j, a, b);
	const bWins = refUpdate(j, b, a);
	const learnt1 =
		refKlNormal(aWins.winner, a) + refKlNormal(aWins.loser, b) + 0.1 * refKlBeta(aWins.judge, j);
	const learnt2 =
		refKlNormal(bWins.loser, a) + refKlNormal(bWins.winner, b) + 0.1 * refKlBeta(bWins.judge, j);
	return aWins.C * learnt1 + (1 - aWins.C) * learnt2;
}

function close(actual: number, expected: number) {
	const scale = Math.max(Math.abs(expected), 1e-300);
	expect(Math.abs(actual - expected) / scale, `${actual} vs ${expected}`).toBeLessThan(1e-9);
}

describe('CrowdBT', () => {
	it('gives the hand-derived numbers for a first vote between two new projects', () => {
		const out = updateAfterVote(
			{ alpha: 10, beta: 1 },
			{ mu: 0, sigmaSq: 1 },
			{ mu: 0, sigmaSq: 1 }
		);
		// c1 = ½, C = ½, E1 = 10/11, E2 = 5/6: the judge stays Beta(10, 1); m = 9/22,
		// v = −81/484, so σ² = 403/484.
		close(out.judge.alpha, 10);
		close(out.judge.beta, 1);
		close(out.winner.mu, 9 / 22);
		close(out.loser.mu, -9 / 22);
		close(out.winner.sigmaSq, 403 / 484);
		close(out.loser.sigmaSq, 403 / 484);
		close(out.expected, 0.5);
	});

	it('agrees with the reference over a run of votes and for the information gain', () => {
		let judge: J = { alpha: 10, beta: 1 };
		const skills: S[] = [0, 1, 2, 3].map(() => ({ mu: 0, sigmaSq: 1 }));
		let refJudge: J = { ...judge };
		const refSkills: S[] = skills.map((s) => ({ ...s }));
		const votes = [
			[0, 1],
			[2, 1],
			[1, 3],
			[3, 0],
			[0, 2],
			[2, 3],
			[1, 0]
		];
		for (const [w, l] of votes) {
			const out = updateAfterVote(judge, skills[w], skills[l]);
			const ref = refUpdate(refJudge, refSkills[w], refSkills[l]);
			[judge, skills[w], skills[l]] = [out.judge, out.winner, out.loser];
			[refJudge, refSkills[w], refSkills[l]] = [ref.judge, ref.winner, ref.loser];
			close(judge.alpha, refJudge.alpha);
			close(judge.beta, refJudge.beta);
			for (let i = 0; i < 4; i++) {
				close(skills[i].mu + 10, refSkills[i].mu + 10);
				close(skills[i].sigmaSq, refSkills[i].sigmaSq);
			}
		}
		for (const [a, b] of [
			[0, 1],
			[2, 3],
			[3, 1]
		]) {
			close(
				expectedInformationGain(judge, skills[a], skills[b]),
				refGain(refJudge, refSkills[a], refSkills[b])
			);
		}
		close(
			expectedInformationGain({ alpha: 10, beta: 1 }, { mu: 0, sigmaSq: 1 }, { mu: 0, sigmaSq: 1 }),
			refGain({ alpha: 10, beta: 1 }, { mu: 0, sigmaSq: 1 }, { mu: 0, sigmaSq: 1 })
		);
	});
});

describe('the next project', () => {
	const c = (id: number, extra: Partial<Candidate> = {}): Candidate => ({
		id,
		prioritised: false,
		views: 0,
		busy: false,
		...extra
	});

	it('prefers prioritised, then not busy (unless all are), then fewer than two views', () => {
		expect(preferredCandidates([c(1), c(2, { prioritised: true })]).map((x) => x.id)).toEqual([2]);
		expect(preferredCandidates([c(1, { busy: true }), c(2)]).map((x) => x.id)).toEqual([2]);
		expect(
			preferredCandidates([c(1, { busy: true }), c(2, { busy: true })]).map((x) => x.id)
		).toEqual([1, 2]);
		expect(preferredCandidates([c(1, { views: 2 }), c(2, { views: 1 })]).map((x) => x.id)).toEqual([
			2
		]);
		expect(preferredCandidates([c(1, { views: 2 }), c(2, { views: 5 })]).map((x) => x.id)).toEqual([
			1, 2
		]);
		expect(preferredCandidates([])).toEqual([]);
	});

	it('picks at random with probability 0.25, otherwise the highest information gain', () => {
		const judge = { alpha: 10, beta: 1 };
		const previous = { mu: 0, sigmaSq: 1 };
		// Project 2 is as uncertain as can be and close to the previous one: most to learn.
		const skills = new Map([
			[1, { mu: 3, sigmaSq: 0.05 }],
			[2, { mu: 0.1, sigmaSq: 1 }],
			[3, { mu: -2, sigmaSq: 0.2 }]
		]);
		const gains = [1, 2, 3].map((id) => refGain(judge, previous, skills.get(id)!));
		expect(Math.max(...gains)).toBe(gains[1]);
		const pool = [c(1), c(2), c(3)];
		const sequence =
			(...values: number[]) =>
			() =>
				values.shift()!;
		expect(chooseNextProject(pool, previous, judge, skills, sequence(0.25))).toBe(2);
		expect(chooseNextProject(pool, previous, judge, skills, sequence(0.24, 0.0))).toBe(1);
		expect(chooseNextProject(pool, previous, judge, skills, sequence(0.1, 0.99))).toBe(3);
		// The first project has nothing to compare with: random.
		expect(chooseNextProject(pool, null, judge, skills, sequence(0.5))).toBe(2);
		expect(chooseNextProject([], previous, judge, skills)).toBeNull();
	});
});

describe('pairwise judging', () => {
	/** Four one-person teams with projects, a judge outside them, judging open. */
	async function judgingWithFourProjects() {
		const id = await openHackathon(cast.admin, {
			judgingMode: 'pairwise',
			teamSizeMin: 1,
			minDepartments: 1,
			requiredDepartmentKind: null
		});
		const people = [cast.sam, cast.pia, cast.erin, cast.eli];
		const teams = [];
		for (const [i, who] of people.entries())
			teams.push(await createTeam(who, id, { name: `T${i}` }));
		await advancePhase(cast.admin, id); // hacking
		const projects = [];
		for (const [i, who] of people.entries()) {
			projects.push(
				await saveSubmission(who, id, teams[i], { title: `Project ${i}`, description: 'x' })
			);
		}
		const judge = await addPerson(testDb, 'Pat Pairwise', cast.teams.product.id);
		await addJudge(cast.admin, id, judge);
		await addJudge(cast.admin, id, cast.erin);
		return { id, projects, judge };
	}

	async function storedVotes(id: number) {
		return testDb.db
			.select()
			.from(hackathonPairwiseVote)
			.where(eq(hackathonPairwiseVote.hackathonId, id))
			.orderBy(asc(hackathonPairwiseVote.id));
	}

	it('shows one project, then the next; votes, skips with a reason and undoes the last vote', async () => {
		const { id, projects, judge } = await judgingWithFourProjects();
		expect((await refusal(nextPairwiseProject(judge, id))).message).toBe(
			'Judging opens when hacking ends.'
		);
		await advancePhase(cast.admin, id); // judging
		expect((await refusal(nextPairwiseProject(cast.sam, id))).message).toBe(
			'Only the judges of this hackathon can judge projects.'
		);
		const first = (await nextPairwiseProject(judge, id))!;
		expect(projects).toContain(first);
		expect((await refusal(votePairwise(judge, id, 'better'))).message).toBe(
			'There is no pair of projects to compare.'
		);
		const second = (await nextPairwiseProject(judge, id))!;
		expect(await pairwiseOf(id, judge)).toMatchObject({
			previous: first,
			current: second,
			votes: 0
		});

		const third = (await votePairwise(judge, id, 'better'))!; // second beats first
		expect(await pairwiseOf(id, judge)).toMatchObject({
			previous: second,
			current: third,
			votes: 1
		});
		expect((await refusal(skipPairwiseProject(judge, id, ' '))).field).toBe('reason');
		const fourth = (await skipPairwiseProject(judge, id, 'I helped build this one.'))!;
		// The skipped project is never compared: the previous one is still the second.
		expect(await pairwiseOf(id, judge)).toMatchObject({ previous: second, current: fourth });
		const none = await votePairwise(judge, id, 'worse'); // second beats fourth
		expect(none).toBeNull();
		expect(await pairwiseOf(id, judge)).toMatchObject({ finished: true, votes: 2 });
		expect(new Set([first, second, third, fourth]).size).toBe(4);

		const votes = await storedVotes(id);
		expect(votes.map((v) => [v.winnerId, v.loserId])).toEqual([
			[second, first],
			[second, fourth]
		]);
		// The ranking is the reference replay of the stored votes.
		const prior = { mu: 0, sigmaSq: 1 };
		const v1 = refUpdate({ alpha: 10, beta: 1 }, prior, prior);
		const v2 = refUpdate(v1.judge, v1.winner, prior);
		const ranking = await pairwiseRanking(id);
		const mu = new Map(ranking.map((r) => [r.id, r.mu]));
		close(mu.get(second)!, v2.winner.mu);
		close(mu.get(fourth)!, v2.loser.mu);
		close(mu.get(first)!, v1.loser.mu);
		expect(mu.get(third)).toBe(0);
		expect(ranking[0].id).toBe(second);

		// Undo: the last vote is gone, the state is the first vote replayed, and the judge is
		// back at that comparison (second against fourth).
		await undoLastPairwiseVote(judge, id);
		expect((await storedVotes(id)).map((v) => [v.winnerId, v.loserId])).toEqual([[second, first]]);
		const undone = new Map((await pairwiseRanking(id)).map((r) => [r.id, r]));
		close(undone.get(second)!.mu, v1.winner.mu);
		close(undone.get(second)!.sigmaSq, v1.winner.sigmaSq);
		expect(undone.get(fourth)!.mu).toBe(0);
		expect(await pairwiseOf(id, judge)).toMatchObject({
			previous: second,
			current: fourth,
			finished: false
		});
		await undoLastPairwiseVote(judge, id);
		expect(await storedVotes(id)).toEqual([]);
		expect(await pairwiseOf(id, judge)).toMatchObject({ previous: first, current: second });
		expect((await refusal(undoLastPairwiseVote(judge, id))).message).toBe(
			'You have no vote to undo.'
		);
	});

	it('never shows a judge their own team, and avoids what another judge is looking at', async () => {
		const { id, projects, judge } = await judgingWithFourProjects();
		await advancePhase(cast.admin, id);
		// Erin (team T2) sees the other three and then is told there is nothing left.
		const shown = [
			await nextPairwiseProject(cast.erin, id),
			await nextPairwiseProject(cast.erin, id)
		];
		shown.push((await votePairwise(cast.erin, id, 'better'))!);
		expect(await votePairwise(cast.erin, id, 'better')).toBeNull();
		expect(shown.sort()).toEqual([projects[0], projects[1], projects[3]].sort());
		// Erin's current project was shown to her just now: the other judge gets another one
		// while others remain.
		const erinsCurrent = (await pairwiseOf(id, cast.erin)).current;
		const first = await nextPairwiseProject(judge, id);
		expect(first).not.toBe(erinsCurrent);
		const views = await testDb.db
			.select()
			.from(hackathonPairwiseView)
			.where(
				and(eq(hackathonPairwiseView.hackathonId, id), eq(hackathonPairwiseView.judgeId, judge))
			);
		expect(views.map((v) => v.submissionId)).toEqual([first]);
	});

	it('shows a prioritised project first; only organisers prioritise, until the results', async () => {
		const { id, projects, judge } = await judgingWithFourProjects();
		expect((await refusal(prioritiseProject(cast.sam, id, projects[2], true))).message).toBe(
			'Only the organisers of this hackathon can do that.'
		);
		expect((await refusal(prioritiseProject(cast.admin, id, 2_147_483_647, true))).message).toBe(
			'That project does not exist.'
		);
		await prioritiseProject(cast.admin, id, projects[2], true);
		await prioritiseProject(cast.admin, id, projects[3], true);
		await prioritiseProject(cast.admin, id, projects[3], false);
		const flags = new Map((await pairwiseRanking(id)).map((r) => [r.id, r.prioritised]));
		expect(projects.map((p) => flags.get(p))).toEqual([false, false, true, false]);
		await advancePhase(cast.admin, id); // judging
		// The first project is random among the preferred ones: the one prioritised project.
		expect(await nextPairwiseProject(judge, id)).toBe(projects[2]);
		await advancePhase(cast.admin, id); // results
		expect((await refusal(prioritiseProject(cast.admin, id, projects[0], true))).message).toBe(
			'Judging has closed.'
		);
	});
});
