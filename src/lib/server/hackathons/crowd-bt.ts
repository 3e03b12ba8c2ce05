// Pairwise judging (CrowdBT): a judge compares two projects at a time and says which was
// better. Each project carries a skill estimate (mean μ, variance σ²); each judge carries
// a Beta(α, β) belief in their reliability. A vote moves both projects and the judge; the
// next project to show is the one whose comparison is expected to teach us the most.
// Pure functions only: the service stores votes and replays them through these.

/** A project's skill estimate. */
export interface Skill {
	mu: number;
	sigmaSq: number;
}

/** How reliable a judge's votes are believed to be: Beta(alpha, beta). */
export interface Reliability {
	alpha: number;
	beta: number;
}

/** Priors and constants of the model. */
export const CROWD_BT = {
	project: { mu: 0, sigmaSq: 1 } satisfies Skill,
	judge: { alpha: 10, beta: 1 } satisfies Reliability,
	/** Weight of what a vote teaches about the judge in the information gain. */
	gamma: 0.1,
	/** Floor of the variance shrink factor, so a variance never reaches zero. */
	kappa: 1e-4
};

/** The outcome of one vote, and the probability the model gave the winner beforehand. */
export interface VoteUpdate {
	judge: Reliability;
	winner: Skill;
	loser: Skill;
	/** C: the model's probability that this judge would pick this winner. */
	expected: number;
}

/** Folds one vote ("winner beat loser", said by judge) into the estimates. */
export function updateAfterVote(judge: Reliability, winner: Skill, loser: Skill): VoteUpdate {
	const { alpha, beta } = judge;
	const ew = Math.exp(winner.mu);
	const el = Math.exp(loser.mu);
	const sum = ew + el;

	const c1 = ew / sum + 0.5 * (winner.sigmaSq + loser.sigmaSq) * ((ew * el * (el - ew)) / sum ** 3);
	const c2 = 1 - c1;
	const c = (c1 * alpha + c2 * beta) / (alpha + beta);

	const ab = alpha + beta;
	const e1 = (c1 * (alpha + 1) * alpha + c2 * alpha * beta) / (c * (ab + 1) * ab);
	const e2 =
		(c1 * (alpha + 2) * (alpha + 1) * alpha + c2 * (alpha + 1) * alpha * beta) /
		(c * (ab + 2) * (ab + 1) * ab);
	const spread = e2 - e1 * e1;
	const nextJudge = {
		alpha: ((e1 - e2) * e1) / spread,
		beta: ((e1 - e2) * (1 - e1)) / spread
	};

	const weighted = alpha * ew + beta * el;
	const m = (alpha * ew) / weighted - ew / sum;
	const v = (alpha * ew * beta * el) / weighted ** 2 - (ew * el) / sum ** 2;
	return {
		judge: nextJudge,
		winner: {
			mu: winner.mu + winner.sigmaSq * m,
			sigmaSq: winner.sigmaSq * Math.max(1 + winner.sigmaSq * v, CROWD_BT.kappa)
		},
		loser: {
			mu: loser.mu - loser.sigmaSq * m,
			sigmaSq: loser.sigmaSq * Math.max(1 + loser.sigmaSq * v, CROWD_BT.kappa)
		},
		expected: c
	};
}

/**
 * What comparing `b` with the judge's previous project `a` is expected to teach: the
 * divergence of the estimates after each possible answer, weighted by how likely it is.
 */
export function expectedInformationGain(judge: Reliability, a: Skill, b: Skill): number {
	const aWins = updateAfterVote(judge, a, b);
	const bWins = updateAfterVote(judge, b, a);
	const learnt = (nextA: Skill, nextB: Skill, nextJudge: Reliability) =>
		gaussianDivergence(nextA, a) +
		gaussianDivergence(nextB, b) +
		CROWD_BT.gamma * betaDivergence(nextJudge, judge);
	return (
		aWins.expected * learnt(aWins.winner, aWins.loser, aWins.judge) +
		(1 - aWins.expected) * learnt(bWins.loser, bWins.winner, bWins.judge)
	);
}

/** KL divergence of N(p.mu, p.sigmaSq) from N(q.mu, q.sigmaSq). */
export function gaussianDivergence(p: Skill, q: Skill): number {
	const ratio = p.sigmaSq / q.sigmaSq;
	return (p.mu - q.mu) ** 2 / (2 * q.sigmaSq) + (ratio - 1 - Math.log(ratio)) / 2;
}

/** KL divergence of Beta(p.alpha, p.beta) from Beta(q.alpha, q.beta). */
export function betaDivergence(p: Reliability, q: Reliability): number {
	return (
		logBeta(q.alpha, q.beta) -
		logBeta(p.alpha, p.beta) +
		(p.alpha - q.alpha) * digamma(p.alpha) +
		(p.beta - q.beta) * digamma(p.beta) +
		(q.alpha - p.alpha + q.beta - p.beta) * digamma(p.alpha + p.beta)
	);
}

function logBeta(a: number, b: number): number {
	return logGamma(a) + logGamma(b) - logGamma(a + b);
}

// Lanczos approximation (g = 7, nine terms): about 15 significant digits for x > 0.
const LANCZOS = [
	0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
	-176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
	1.5056327351493116e-7
];

/** ln Γ(x) for x > 0. */
export function logGamma(x: number): number {
	if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
	const z = x - 1;
	let series = LANCZOS[0];
	for (let i = 1; i < LANCZOS.length; i++) series += LANCZOS[i] / (z + i);
	const t = z + 7.5;
	return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(series);
}

/** ψ(x) for x > 0: shifted up by ψ(x) = ψ(x+1) − 1/x, then the asymptotic series. */
export function digamma(x: number): number {
	let shift = 0;
	while (x < 10) {
		shift -= 1 / x;
		x += 1;
	}
	const inv2 = 1 / (x * x);
	const tail =
		inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132)))));
	return shift + Math.log(x) - 0.5 / x - tail;
}
