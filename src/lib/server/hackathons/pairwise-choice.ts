// Pairwise judging without the database: the model's state replayed from stored votes, and
// which project a judge sees next. Pure, so the choice can be tested and benchmarked alone.
import {
	CROWD_BT,
	expectedInformationGain,
	updateAfterVote,
	type Reliability,
	type Skill
} from './crowd-bt';

/** A stored vote, in the order it was cast. */
export interface StoredVote {
	judgeId: number;
	winnerId: number;
	loserId: number;
}

/** Every project's skill and every judge's reliability after the votes, from the priors. */
export interface PairwiseState {
	skills: Map<number, Skill>;
	judges: Map<number, Reliability>;
}

/** Folds the votes, oldest first, into the model (an undone vote is simply not there). */
export function replayVotes(votes: StoredVote[], projectIds: Iterable<number> = []): PairwiseState {
	const skills = new Map<number, Skill>();
	for (const id of projectIds) skills.set(id, { ...CROWD_BT.project });
	const judges = new Map<number, Reliability>();
	const skillOf = (id: number) => skills.get(id) ?? { ...CROWD_BT.project };
	for (const vote of votes) {
		const judge = judges.get(vote.judgeId) ?? { ...CROWD_BT.judge };
		const next = updateAfterVote(judge, skillOf(vote.winnerId), skillOf(vote.loserId));
		judges.set(vote.judgeId, next.judge);
		skills.set(vote.winnerId, next.winner);
		skills.set(vote.loserId, next.loser);
	}
	return { skills, judges };
}

/** A project the judge could be shown next. */
export interface Candidate {
	id: number;
	prioritised: boolean;
	/** Times any judge has been shown it. */
	views: number;
	/** Another judge has had it in front of them within the last five minutes. */
	busy: boolean;
}

/** Below this many views a project is shown first, so every project gets looked at. */
export const MIN_VIEWS = 2;
/** The chance of a random pick instead of the most informative one. */
export const EXPLORE = 0.25;
/** How long another judge's current project is left to them. */
export const BUSY_MS = 5 * 60_000;

/**
 * Narrows the projects the judge has not seen: prioritised ones when there are any; then
 * those nobody else is looking at (unless all are); then those seen fewer than twice
 * (when there are such).
 */
export function preferredCandidates(unseen: Candidate[]): Candidate[] {
	const prioritised = unseen.filter((c) => c.prioritised);
	const pool = prioritised.length > 0 ? prioritised : unseen;
	const free = pool.filter((c) => !c.busy);
	const open = free.length > 0 ? free : pool;
	const fresh = open.filter((c) => c.views < MIN_VIEWS);
	return fresh.length > 0 ? fresh : open;
}

/**
 * The next project for a judge, or null when none is left. With no previous project (the
 * first one) or with probability 0.25 the pick is random; otherwise it is the project
 * whose comparison with the previous one has the highest expected information gain.
 */
export function chooseNextProject(
	unseen: Candidate[],
	previous: Skill | null,
	judge: Reliability,
	skills: Map<number, Skill>,
	random: () => number = Math.random
): number | null {
	const pool = preferredCandidates(unseen);
	if (pool.length === 0) return null;
	if (!previous || random() < EXPLORE) return pool[Math.floor(random() * pool.length)].id;
	let best = pool[0].id;
	let bestGain = -Infinity;
	for (const candidate of pool) {
		const skill = skills.get(candidate.id) ?? CROWD_BT.project;
		const gain = expectedInformationGain(judge, previous, skill);
		if (gain > bestGain) {
			bestGain = gain;
			best = candidate.id;
		}
	}
	return best;
}
