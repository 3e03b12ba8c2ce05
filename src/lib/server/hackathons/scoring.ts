// Pure arithmetic of rubric judging: the balanced assignment of judges to submissions, and
// the raw and per-judge normalised (z-score) averages organisers compare.

export interface Assignable {
	id: number;
	teamId: number;
}

/**
 * Adds assignments until every submission has at least `k` judges it may have (never a
 * judge in the team or with a declared conflict), always giving the next one to the
 * least-loaded eligible judge, so loads stay within one of each other where conflicts
 * allow. Ties go to the lower id: the same input gives the same assignment. Answers the
 * new pairs only; `existing` pairs are kept and counted.
 */
export function balancedAssignment(
	submissions: Assignable[],
	judges: number[],
	mayJudge: (judgeId: number, submission: Assignable) => boolean,
	k: number,
	existing: { judgeId: number; submissionId: number }[] = []
): { judgeId: number; submissionId: number }[] {
	const load = new Map(judges.map((j) => [j, 0]));
	const judgesOf = new Map(submissions.map((s) => [s.id, new Set<number>()]));
	for (const pair of existing) {
		if (!judgesOf.has(pair.submissionId) || !load.has(pair.judgeId)) continue;
		judgesOf.get(pair.submissionId)!.add(pair.judgeId);
		load.set(pair.judgeId, load.get(pair.judgeId)! + 1);
	}
	const added: { judgeId: number; submissionId: number }[] = [];
	// Round by round, each submission short of k takes one judge: no submission runs ahead.
	for (let round = 0; round < k; round++) {
		// Submissions with the fewest eligible judges go first, so they are not starved.
		const order = [...submissions].sort(
			(a, b) => eligible(a).length - eligible(b).length || a.id - b.id
		);
		for (const submission of order) {
			const have = judgesOf.get(submission.id)!;
			if (have.size > round) continue;
			const choice = eligible(submission)
				.filter((j) => !have.has(j))
				.sort((a, b) => load.get(a)! - load.get(b)! || a - b)[0];
			if (choice === undefined) continue;
			have.add(choice);
			load.set(choice, load.get(choice)! + 1);
			added.push({ judgeId: choice, submissionId: submission.id });
		}
	}
	return added;

	function eligible(submission: Assignable) {
		return judges.filter((j) => mayJudge(j, submission));
	}
}

export interface JudgeScore {
	judgeId: number;
	submissionId: number;
	/** The judge's weighted mean over the criteria, 1–5. */
	score: number;
}

/** A judge's weighted mean over criteria: Σ weight·score / Σ weight of the scored ones. */
export function weightedScore(
	scores: { criterionId: number; score: number }[],
	weights: Map<number, number>
): number | null {
	let total = 0;
	let weight = 0;
	for (const s of scores) {
		const w = weights.get(s.criterionId) ?? 0;
		total += w * s.score;
		weight += w;
	}
	return weight > 0 ? total / weight : null;
}

export interface RubricAverage {
	submissionId: number;
	judges: number;
	/** The plain mean of the judges' weighted scores (1–5). */
	raw: number;
	/** The mean of each judge's score as standard deviations from that judge's own mean. */
	normalised: number;
}

/**
 * Raw and z-score averages per submission. A judge's z-score is (score − their mean) /
 * their standard deviation (population); a judge who gave one score, or every project the
 * same, says nothing about order and counts 0.
 */
export function rubricAverages(scores: JudgeScore[]): RubricAverage[] {
	const byJudge = new Map<number, number[]>();
	for (const s of scores) byJudge.set(s.judgeId, [...(byJudge.get(s.judgeId) ?? []), s.score]);
	const stats = new Map(
		[...byJudge].map(([judgeId, values]) => {
			const mean = values.reduce((a, b) => a + b, 0) / values.length;
			const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
			return [judgeId, { mean, sd: Math.sqrt(variance) }];
		})
	);
	const bySubmission = new Map<number, { raw: number[]; z: number[] }>();
	for (const s of scores) {
		const { mean, sd } = stats.get(s.judgeId)!;
		const entry = bySubmission.get(s.submissionId) ?? { raw: [], z: [] };
		entry.raw.push(s.score);
		entry.z.push(sd > 1e-12 ? (s.score - mean) / sd : 0);
		bySubmission.set(s.submissionId, entry);
	}
	return [...bySubmission]
		.map(([submissionId, { raw, z }]) => ({
			submissionId,
			judges: raw.length,
			raw: mean(raw),
			normalised: mean(z)
		}))
		.sort((a, b) => a.submissionId - b.submissionId);
}

function mean(values: number[]): number {
	return values.reduce((a, b) => a + b, 0) / values.length;
}
