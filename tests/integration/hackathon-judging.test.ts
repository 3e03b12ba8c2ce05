// Hackathon submissions and rubric judging against the real database: saves until the
// deadline with every version kept, the cross-functional gate, judges and conflicts, the
// balanced assignment, scores refused on one's own team, and raw vs z-score averages.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	addJudge,
	advancePhase,
	answerInvite,
	assignJudges,
	createTeam,
	criteriaOf,
	declareConflict,
	inviteToTeam,
	judgesOf,
	judgingOf,
	makeException,
	rubricResults,
	saveSubmission,
	scoreSubmission,
	submissionOfTeam
} from '../../src/lib/server/hackathons';
import {
	hackathonAssignment,
	hackathonSubmissionVersion
} from '../../src/lib/server/hackathons/schema';
import { balancedAssignment, rubricAverages } from '../../src/lib/server/hackathons/scoring';
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
}, 60_000);

afterAll(async () => {
	await testDb?.destroy();
});

const project = (title: string) => ({
	title,
	tagline: 'Answers in one click',
	description: 'We built it.',
	repositoryUrl: 'https://git.example.com/team',
	demoUrl: 'https://video.example.com/demo',
	whoDidWhat: 'Everyone did everything.'
});

/** Two mixed teams (support+engineering, product+engineering) in a hackathon now hacking. */
async function hackingWithTwoTeams(extra: Record<string, unknown> = {}) {
	const id = await openHackathon(cast.admin, { requiredDepartmentKind: null, ...extra });
	const red = await createTeam(cast.sam, id, { name: 'Red' });
	await answerInvite(cast.erin, id, await inviteToTeam(cast.sam, id, red, cast.erin), true);
	const blue = await createTeam(cast.pia, id, { name: 'Blue' });
	await answerInvite(cast.eli, id, await inviteToTeam(cast.pia, id, blue, cast.eli), true);
	await advancePhase(cast.admin, id);
	return { id, red, blue };
}

describe('submissions', () => {
	it('keeps every version and refuses a late save with the deadline shown', async () => {
		const { id, red } = await hackingWithTwoTeams();
		const first = await saveSubmission(cast.sam, id, red, project('Quick answers'));
		const again = await saveSubmission(cast.erin, id, red, project('Quicker answers'));
		expect(again).toBe(first);
		const saved = await submissionOfTeam(id, red);
		expect(saved?.title).toBe('Quicker answers');
		expect(saved?.version).toBe(2);
		expect(saved?.versions.map((v) => [v.version, v.title])).toEqual([
			[2, 'Quicker answers'],
			[1, 'Quick answers']
		]);

		expect((await refusal(saveSubmission(cast.pia, id, red, project('Hijack')))).message).toBe(
			'Only members of this team can change its submission.'
		);
		const bad = await refusal(
			saveSubmission(cast.sam, id, red, { ...project('Bad link'), demoUrl: 'javascript:alert(1)' })
		);
		expect(bad.field).toBe('demoUrl');

		await advancePhase(cast.admin, id); // judging: the deadline is now
		const late = await refusal(saveSubmission(cast.sam, id, red, project('Too late')));
		expect(late.message).toMatch(
			/^Submissions closed at \d{1,2} \w{3} \d{4}, \d{2}:\d{2} \(UTC\)\.$/
		);
		const versions = await testDb.db
			.select()
			.from(hackathonSubmissionVersion)
			.where(eq(hackathonSubmissionVersion.submissionId, first));
		expect(versions).toHaveLength(2);
		expect((await submissionOfTeam(id, red))?.title).toBe('Quicker answers');
	});

	it('refuses a team of one department until an organiser makes an exception', async () => {
		const id = await openHackathon(cast.admin, { requiredDepartmentKind: null });
		const engineers = await createTeam(cast.erin, id, { name: 'Engineers' });
		await answerInvite(cast.eli, id, await inviteToTeam(cast.erin, id, engineers, cast.eli), true);
		await advancePhase(cast.admin, id);
		const refused = await refusal(saveSubmission(cast.erin, id, engineers, project('Solo')));
		expect(refused.message).toMatch(/missed the cross-functional rule/);
		expect(await submissionOfTeam(id, engineers)).toBeNull();
		await makeException(cast.admin, id, engineers, 'Support joins them on day two.');
		await saveSubmission(cast.erin, id, engineers, project('Solo'));
		expect((await submissionOfTeam(id, engineers))?.version).toBe(1);
	});

	it('refuses a team of another hackathon as if it did not exist', async () => {
		const { red } = await hackingWithTwoTeams();
		const other = await openHackathon(cast.admin);
		const err = await refusal(saveSubmission(cast.sam, other, red, project('Wrong place')));
		expect(err.message).toBe('That team does not exist.');
	});
});

describe('rubric judging', () => {
	it('never lets a judge score their own team, or a declared conflict', async () => {
		const { id, red, blue } = await hackingWithTwoTeams();
		const redProject = await saveSubmission(cast.sam, id, red, project('Red project'));
		const blueProject = await saveSubmission(cast.pia, id, blue, project('Blue project'));
		await addJudge(cast.admin, id, cast.erin); // in Red
		const judge = await addPerson(testDb, 'Jo Judge', cast.teams.product.id);
		await addJudge(cast.admin, id, judge);
		expect((await refusal(addJudge(cast.sam, id, judge))).message).toMatch(/Only the organisers/);
		await declareConflict(judge, id, { teamId: blue, reason: 'My partner is in Blue' });
		expect((await refusal(declareConflict(cast.sam, id, { teamId: blue }))).message).toBe(
			'You do not judge this hackathon.'
		);
		await advancePhase(cast.admin, id); // judging
		await assignJudges(cast.admin, id, 2);
		const assigned = await testDb.db
			.select()
			.from(hackathonAssignment)
			.where(eq(hackathonAssignment.hackathonId, id));
		// Erin may only judge Blue, the judge only Red: one each, never a conflict.
		expect(assigned.map((a) => [a.judgeId, a.submissionId]).sort()).toEqual(
			[
				[cast.erin, blueProject],
				[judge, redProject]
			].sort()
		);

		const [criterion] = await criteriaOf(id);
		const scores = (score: number) => ({
			scores: [{ criterionId: criterion.id, score, note: '' }]
		});
		expect((await refusal(scoreSubmission(cast.erin, id, redProject, scores(5)))).message).toBe(
			'You cannot judge your own team.'
		);
		expect((await refusal(scoreSubmission(judge, id, blueProject, scores(5)))).message).toBe(
			'You declared a conflict with this team.'
		);
		expect((await refusal(scoreSubmission(cast.sam, id, blueProject, scores(5)))).message).toBe(
			'Only the judges of this hackathon can score projects.'
		);
		// A judge added after the assignment has no projects: scoring one is refused.
		const late = await addPerson(testDb, 'Lee Late', cast.teams.support.id);
		await addJudge(cast.admin, id, late);
		expect((await refusal(scoreSubmission(late, id, redProject, scores(5)))).message).toBe(
			'This project is not assigned to you.'
		);
		expect((await refusal(scoreSubmission(judge, id, redProject, scores(6)))).field).toBe('scores');
		await scoreSubmission(judge, id, redProject, scores(3));
		await scoreSubmission(judge, id, redProject, scores(4)); // changed before judging closes
		expect((await judgingOf(id, judge)).projects[0].scores.map((s) => s.score)).toEqual([4]);
		const progress = await judgesOf(id);
		expect(progress.find((j) => j.id === judge)).toMatchObject({ assigned: 1, done: 1 });
		expect(progress.find((j) => j.id === cast.erin)).toMatchObject({ assigned: 1, done: 0 });

		await advancePhase(cast.admin, id); // results: scores are final
		expect((await refusal(scoreSubmission(judge, id, redProject, scores(1)))).message).toMatch(
			/Judging has closed/
		);
		expect((await rubricResults(id)).find((r) => r.id === redProject)?.raw).toBe(4);
	});

	it('balances the assignment: every submission k judges, loads within one, conflicts skipped', () => {
		const submissions = Array.from({ length: 10 }, (_, i) => ({ id: i + 1, teamId: 100 + i }));
		const judges = [1, 2, 3, 4];
		// Judge 1 is in team 100; judge 2 declared a conflict with team 105.
		const conflicts = new Set(['1:100', '2:105']);
		const pairs = balancedAssignment(
			submissions,
			judges,
			(j, s) => !conflicts.has(`${j}:${s.teamId}`),
			3
		);
		for (const s of submissions) {
			const mine = pairs.filter((p) => p.submissionId === s.id);
			expect(new Set(mine.map((p) => p.judgeId)).size).toBe(3);
		}
		expect(pairs.some((p) => p.judgeId === 1 && p.submissionId === 1)).toBe(false);
		expect(pairs.some((p) => p.judgeId === 2 && p.submissionId === 6)).toBe(false);
		const loads = judges.map((j) => pairs.filter((p) => p.judgeId === j).length);
		expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
		expect(loads.reduce((a, b) => a + b)).toBe(30);
		// Existing pairs count: asking again adds nothing.
		expect(balancedAssignment(submissions, judges, () => true, 3, pairs)).toEqual([]);
	});

	it('normalises each judge by their own mean and spread', () => {
		// A harsh judge (1,2,3) and a generous one (3,4,5) agree on the order A < B < C.
		const scores = [
			{ judgeId: 1, submissionId: 1, score: 1 },
			{ judgeId: 1, submissionId: 2, score: 2 },
			{ judgeId: 1, submissionId: 3, score: 3 },
			{ judgeId: 2, submissionId: 2, score: 4 },
			{ judgeId: 2, submissionId: 3, score: 5 },
			{ judgeId: 2, submissionId: 1, score: 3 }
		];
		const z = Math.sqrt(3 / 2); // (3 − 2) / sd(1,2,3), sd = √(2/3)
		const averages = rubricAverages(scores);
		expect(averages.map((a) => a.raw)).toEqual([2, 3, 4]);
		expect(averages[0].normalised).toBeCloseTo(-z, 12);
		expect(averages[1].normalised).toBeCloseTo(0, 12);
		expect(averages[2].normalised).toBeCloseTo(z, 12);
	});
});
