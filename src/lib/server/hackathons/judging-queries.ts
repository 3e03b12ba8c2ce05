// Reads of submissions and judging: a team's submission with its versions and screenshots,
// the gallery, the judges with their progress, a judge's own list, and the organisers'
// raw and normalised rubric averages.
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { attachmentsByIds } from '../attachments';
import { useDb, type Executor } from '../db/client';
import { peopleWithPlace, person } from '../org';
import { conflictedTeams } from './judging';
import { rubricAverages, weightedScore, type JudgeScore } from './scoring';
import {
	hackathonAssignment,
	hackathonConflict,
	hackathonCriterion,
	hackathonJudge,
	hackathonScore,
	hackathonSubmission,
	hackathonSubmissionScreenshot,
	hackathonSubmissionVersion,
	hackathonTeam
} from './schema';

/** A team's submission with its screenshots and every version (newest first), or null. */
export async function submissionOfTeam(hackathonId: number, teamId: number) {
	const db = useDb();
	const [row] = await db
		.select()
		.from(hackathonSubmission)
		.where(
			and(eq(hackathonSubmission.teamId, teamId), eq(hackathonSubmission.hackathonId, hackathonId))
		);
	if (!row) return null;
	const [links, versions] = await Promise.all([
		db
			.select({ id: hackathonSubmissionScreenshot.attachmentId })
			.from(hackathonSubmissionScreenshot)
			.where(eq(hackathonSubmissionScreenshot.submissionId, row.id)),
		db
			.select({
				version: hackathonSubmissionVersion.version,
				title: hackathonSubmissionVersion.title,
				savedAt: hackathonSubmissionVersion.savedAt,
				savedByName: person.name
			})
			.from(hackathonSubmissionVersion)
			.innerJoin(person, eq(person.id, hackathonSubmissionVersion.savedById))
			.where(eq(hackathonSubmissionVersion.submissionId, row.id))
			.orderBy(desc(hackathonSubmissionVersion.version))
	]);
	const screenshots = await attachmentsByIds(links.map((l) => l.id));
	return { ...row, screenshots, versions };
}

/** Every submission of a hackathon with its team's name, in the order they were made. */
export async function submissionsOf(hackathonId: number, db: Executor = useDb()) {
	return db
		.select({
			id: hackathonSubmission.id,
			teamId: hackathonSubmission.teamId,
			teamName: hackathonTeam.name,
			title: hackathonSubmission.title,
			tagline: hackathonSubmission.tagline,
			challengeId: hackathonSubmission.challengeId,
			categoryIds: hackathonSubmission.categoryIds,
			demoUrl: hackathonSubmission.demoUrl,
			repositoryUrl: hackathonSubmission.repositoryUrl,
			version: hackathonSubmission.version
		})
		.from(hackathonSubmission)
		.innerJoin(hackathonTeam, eq(hackathonTeam.id, hackathonSubmission.teamId))
		.where(eq(hackathonSubmission.hackathonId, hackathonId))
		.orderBy(asc(hackathonSubmission.id));
}

/** The judges with their progress: assigned, scored. */
export async function judgesOf(hackathonId: number) {
	const db = useDb();
	const [judges, assigned, scored] = await Promise.all([
		db
			.select({ id: person.id, name: person.name })
			.from(hackathonJudge)
			.innerJoin(person, eq(person.id, hackathonJudge.personId))
			.where(eq(hackathonJudge.hackathonId, hackathonId))
			.orderBy(asc(person.name)),
		db
			.select({
				judgeId: hackathonAssignment.judgeId,
				submissionId: hackathonAssignment.submissionId
			})
			.from(hackathonAssignment)
			.where(eq(hackathonAssignment.hackathonId, hackathonId)),
		scoredPairs(hackathonId)
	]);
	return judges.map((j) => {
		const mine = assigned.filter((a) => a.judgeId === j.id);
		const done = mine.filter((a) => scored.has(`${j.id}:${a.submissionId}`)).length;
		return { ...j, assigned: mine.length, done };
	});
}

/** "judge:submission" for every pair with saved scores. */
async function scoredPairs(hackathonId: number) {
	const rows = await useDb()
		.selectDistinct({ judgeId: hackathonScore.judgeId, submissionId: hackathonScore.submissionId })
		.from(hackathonScore)
		.innerJoin(hackathonSubmission, eq(hackathonSubmission.id, hackathonScore.submissionId))
		.where(eq(hackathonSubmission.hackathonId, hackathonId));
	return new Set(rows.map((r) => `${r.judgeId}:${r.submissionId}`));
}

/** A judge's own list: assigned submissions (done or not), conflicts, and their scores. */
export async function judgingOf(hackathonId: number, judgeId: number) {
	const db = useDb();
	const [assigned, scores, conflicts, criteria] = await Promise.all([
		db
			.select({ submissionId: hackathonAssignment.submissionId })
			.from(hackathonAssignment)
			.where(
				and(
					eq(hackathonAssignment.hackathonId, hackathonId),
					eq(hackathonAssignment.judgeId, judgeId)
				)
			),
		db.select().from(hackathonScore).where(eq(hackathonScore.judgeId, judgeId)),
		conflictedTeams(db, hackathonId, judgeId),
		criteriaOf(hackathonId)
	]);
	const submissions = await submissionsOf(hackathonId);
	const ids = new Set(assigned.map((a) => a.submissionId));
	const projects = submissions
		.filter((s) => ids.has(s.id))
		.map((s) => {
			const mine = scores.filter((sc) => sc.submissionId === s.id);
			return { ...s, done: mine.length > 0, scores: mine };
		});
	return {
		projects,
		criteria,
		done: projects.filter((p) => p.done).length,
		left: projects.filter((p) => !p.done).length,
		conflictTeamIds: [...conflicts.own, ...conflicts.declared]
	};
}

/** The criteria with their weights, in order. */
export async function criteriaOf(hackathonId: number, db: Executor = useDb()) {
	return db
		.select({
			id: hackathonCriterion.id,
			name: hackathonCriterion.name,
			weight: hackathonCriterion.weight
		})
		.from(hackathonCriterion)
		.where(eq(hackathonCriterion.hackathonId, hackathonId))
		.orderBy(asc(hackathonCriterion.position));
}

/** Each judge's weighted score of each submission they scored. */
export async function judgeScoresOf(
	hackathonId: number,
	db: Executor = useDb()
): Promise<JudgeScore[]> {
	const criteria = await criteriaOf(hackathonId, db);
	const weights = new Map(criteria.map((c) => [c.id, c.weight]));
	if (criteria.length === 0) return [];
	const rows = await db
		.select()
		.from(hackathonScore)
		.where(
			inArray(
				hackathonScore.criterionId,
				criteria.map((c) => c.id)
			)
		);
	const grouped = new Map<string, typeof rows>();
	for (const r of rows) {
		const key = `${r.judgeId}:${r.submissionId}`;
		grouped.set(key, [...(grouped.get(key) ?? []), r]);
	}
	return [...grouped.values()].map((group) => ({
		judgeId: group[0].judgeId,
		submissionId: group[0].submissionId,
		score: weightedScore(group, weights)!
	}));
}

/** For organisers: every submission's raw and z-score rubric averages side by side. */
export async function rubricResults(hackathonId: number, db: Executor = useDb()) {
	const [submissions, scores] = await Promise.all([
		submissionsOf(hackathonId, db),
		judgeScoresOf(hackathonId, db)
	]);
	const averages = new Map(rubricAverages(scores).map((a) => [a.submissionId, a]));
	return submissions.map((s) => ({
		id: s.id,
		title: s.title,
		teamName: s.teamName,
		judges: averages.get(s.id)?.judges ?? 0,
		raw: averages.get(s.id)?.raw ?? null,
		normalised: averages.get(s.id)?.normalised ?? null
	}));
}

/** Declared conflicts with the judge's and team's names. */
export async function conflictsOf(hackathonId: number) {
	return useDb()
		.select({
			judgeId: hackathonConflict.judgeId,
			judgeName: person.name,
			teamId: hackathonConflict.teamId,
			teamName: hackathonTeam.name,
			reason: hackathonConflict.reason
		})
		.from(hackathonConflict)
		.innerJoin(person, eq(person.id, hackathonConflict.judgeId))
		.innerJoin(hackathonTeam, eq(hackathonTeam.id, hackathonConflict.teamId))
		.where(eq(hackathonConflict.hackathonId, hackathonId))
		.orderBy(asc(person.name));
}

/** Every active colleague, by name (organisers pick judges from anyone). */
export async function activeColleagues() {
	return peopleWithPlace(useDb()).where(eq(person.active, true)).orderBy(asc(person.name));
}

/** One submission of the hackathon with its team's name, screenshots and versions, or null. */
export async function submissionDetail(hackathonId: number, submissionId: number) {
	const [row] = await useDb()
		.select({ teamId: hackathonSubmission.teamId, teamName: hackathonTeam.name })
		.from(hackathonSubmission)
		.innerJoin(hackathonTeam, eq(hackathonTeam.id, hackathonSubmission.teamId))
		.where(
			and(
				eq(hackathonSubmission.id, submissionId),
				eq(hackathonSubmission.hackathonId, hackathonId)
			)
		);
	if (!row) return null;
	const submission = await submissionOfTeam(hackathonId, row.teamId);
	return submission ? { ...submission, teamName: row.teamName } : null;
}
