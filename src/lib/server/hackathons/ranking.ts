// The final ranking, pure: each judgement becomes a 0–1 score (the rubric's z-score
// average scaled between the lowest and highest, the pairwise μ by rank, people's votes
// against the most any project got), weighted by the organisers' weights (normalised), with
// a fixed tie-break. Prizes go down each ranking in the order they were listed.

export interface RankingEntry {
	id: number;
	title: string;
	teamId: number;
	teamName: string;
	challengeId: number | null;
	categoryIds: number[];
	/** The rubric's per-judge normalised (z-score) average; null when nobody scored it. */
	rubric: number | null;
	/** The pairwise skill μ; null when pairwise judging is not used. */
	mu: number | null;
	votes: number;
}

export interface RankingWeights {
	rubric: number;
	pairwise: number;
	peoplesChoice: number;
}

export interface Ranked extends RankingEntry {
	place: number;
	score: number;
	parts: { rubric: number; pairwise: number; peoplesChoice: number };
}

/** The tie-break, as the results page states it. */
export const TIE_BREAK =
	'Equal scores are ordered by the higher rubric average, then the higher pairwise skill, then more people’s votes, then the earlier submission.';

/** The weights that count: a judgement the hackathon does not use weighs nothing. */
export function weightsInUse(
	row: { judgingMode: string; peoplesChoice: boolean },
	weights: RankingWeights
): RankingWeights {
	return {
		rubric: row.judgingMode === 'pairwise' ? 0 : weights.rubric,
		pairwise: row.judgingMode === 'rubric' ? 0 : weights.pairwise,
		peoplesChoice: row.peoplesChoice ? weights.peoplesChoice : 0
	};
}

function rubricParts(entries: RankingEntry[]): Map<number, number> {
	const scored = entries.filter((e) => e.rubric !== null).map((e) => e.rubric!);
	const low = Math.min(...scored);
	const high = Math.max(...scored);
	return new Map(
		entries.map((e) => {
			if (e.rubric === null) return [e.id, 0];
			return [e.id, high - low > 1e-12 ? (e.rubric - low) / (high - low) : 1];
		})
	);
}

function pairwiseParts(entries: RankingEntry[]): Map<number, number> {
	const n = entries.length;
	return new Map(
		entries.map((e) => {
			const ahead = entries.filter((o) => (o.mu ?? 0) > (e.mu ?? 0)).length;
			return [e.id, n > 1 ? (n - 1 - ahead) / (n - 1) : 1];
		})
	);
}

const orNegInf = (value: number | null) => value ?? -Infinity;

/** The whole ranking, best first, each entry with its place (1, 2, …) and score. */
export function compositeRanking(entries: RankingEntry[], weights: RankingWeights): Ranked[] {
	const total = weights.rubric + weights.pairwise + weights.peoplesChoice;
	const rubric = rubricParts(entries);
	const pairwise = pairwiseParts(entries);
	const mostVotes = Math.max(0, ...entries.map((e) => e.votes));
	const scored = entries.map((e) => {
		const parts = {
			rubric: rubric.get(e.id)!,
			pairwise: pairwise.get(e.id)!,
			peoplesChoice: mostVotes > 0 ? e.votes / mostVotes : 0
		};
		const score =
			total > 0
				? (weights.rubric * parts.rubric +
						weights.pairwise * parts.pairwise +
						weights.peoplesChoice * parts.peoplesChoice) /
					total
				: 0;
		return { ...e, parts, score };
	});
	scored.sort(
		(a, b) =>
			b.score - a.score ||
			orNegInf(b.rubric) - orNegInf(a.rubric) ||
			orNegInf(b.mu) - orNegInf(a.mu) ||
			b.votes - a.votes ||
			a.id - b.id
	);
	return scored.map((e, i) => ({ ...e, place: i + 1 }));
}

/** Whether a project competes in a category: its challenge or one of its categories. */
export function inCategory(entry: RankingEntry, categoryId: number): boolean {
	return entry.challengeId === categoryId || entry.categoryIds.includes(categoryId);
}

/** A category's ranking: the overall order, kept, of the projects in it, placed afresh. */
export function categoryRanking(overall: Ranked[], categoryId: number): Ranked[] {
	return overall.filter((e) => inCategory(e, categoryId)).map((e, i) => ({ ...e, place: i + 1 }));
}

export interface PrizeLike {
	id: number;
	challengeId: number | null;
	position: number;
	title: string;
	points: number;
}

/** Each prize with the project it goes to: a group's prizes, in listed order, down its ranking. */
export function prizeWinners<P extends PrizeLike>(
	prizes: P[],
	overall: Ranked[]
): { prize: P; winner: Ranked | null; place: number }[] {
	const groups = new Map<number | null, P[]>();
	for (const prize of [...prizes].sort((a, b) => a.position - b.position)) {
		groups.set(prize.challengeId, [...(groups.get(prize.challengeId) ?? []), prize]);
	}
	const out: { prize: P; winner: Ranked | null; place: number }[] = [];
	for (const [challengeId, list] of groups) {
		const ranking = challengeId === null ? overall : categoryRanking(overall, challengeId);
		list.forEach((prize, i) => out.push({ prize, winner: ranking[i] ?? null, place: i + 1 }));
	}
	return out;
}
