// CrowdBT against values computed apart from the app's code: Python's math.lgamma and its
// own digamma, with the equations written out again (tests/fixtures/crowd-bt-reference.py).
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
	CROWD_BT,
	digamma,
	expectedInformationGain,
	logGamma,
	updateAfterVote,
	type Reliability,
	type Skill
} from '../../src/lib/server/hackathons/crowd-bt';

interface Reference {
	votes: {
		judge: Reliability;
		winner: Skill;
		loser: Skill;
		after: { judge: Reliability; winner: Skill; loser: Skill; expected: number };
	}[];
	gains: { judge: Reliability; a: Skill; b: Skill; gain: number }[];
}

const reference: Reference = JSON.parse(
	readFileSync(new URL('../fixtures/crowd-bt-reference.json', import.meta.url), 'utf8')
);

/** Agreement to 1e-9 relative (absolute near zero). */
function expectClose(actual: number, wanted: number) {
	const scale = Math.max(Math.abs(wanted), 1e-12);
	expect(Math.abs(actual - wanted) / scale, `${actual} vs ${wanted}`).toBeLessThan(1e-9);
}

describe('CrowdBT', () => {
	test.each(reference.votes)('a vote moves both projects and the judge ($winner → $loser)', (c) => {
		const after = updateAfterVote(c.judge, c.winner, c.loser);
		expectClose(after.judge.alpha, c.after.judge.alpha);
		expectClose(after.judge.beta, c.after.judge.beta);
		expectClose(after.winner.mu, c.after.winner.mu);
		expectClose(after.winner.sigmaSq, c.after.winner.sigmaSq);
		expectClose(after.loser.mu, c.after.loser.mu);
		expectClose(after.loser.sigmaSq, c.after.loser.sigmaSq);
		expectClose(after.expected, c.after.expected);
	});

	test.each(reference.gains)('expected information gain ($a against $b)', (c) => {
		expectClose(expectedInformationGain(c.judge, c.a, c.b), c.gain);
	});

	test('the winner rises, the loser falls, and both become more certain', () => {
		const after = updateAfterVote(CROWD_BT.judge, CROWD_BT.project, CROWD_BT.project);
		expect(after.winner.mu).toBeGreaterThan(0);
		expect(after.loser.mu).toBeLessThan(0);
		expect(after.winner.sigmaSq).toBeLessThan(1);
	});

	test('a comparison already settled teaches less than an open one', () => {
		const open = expectedInformationGain(CROWD_BT.judge, CROWD_BT.project, CROWD_BT.project);
		const settled = expectedInformationGain(
			CROWD_BT.judge,
			{ mu: 3, sigmaSq: 0.01 },
			{ mu: -3, sigmaSq: 0.01 }
		);
		expect(settled).toBeLessThan(open);
	});

	test('special functions match known values', () => {
		expect(Math.abs(logGamma(1))).toBeLessThan(1e-12);
		expectClose(logGamma(0.5), Math.log(Math.sqrt(Math.PI)));
		expectClose(logGamma(10), Math.log(362880));
		// ψ(1) = −γ (Euler–Mascheroni), ψ(½) = −γ − 2 ln 2
		expectClose(digamma(1), -0.5772156649015329);
		expectClose(digamma(0.5), -0.5772156649015329 - 2 * Math.LN2);
	});
});
