// The hackathon rules as pure functions: who may create, the prize pool, which times may
// move and keep their order, when teams and the board are open.
import { describe, expect, it } from 'vitest';
import {
	boardProblem,
	mayCreateHackathon,
	mayMoveTime,
	phaseStartedBy,
	prizePoolProblem,
	teamsProblem,
	timesProblem
} from '../../src/lib/server/hackathons/rules';
import { nextPhase, splitEscalationIds, splitSkills } from '../../src/lib/hackathons/schemas';

const prize = (points: number) => ({ category: null, title: 'P', description: '', points });

describe('hackathon rules', () => {
	it('lets admins and granted members create', () => {
		expect(mayCreateHackathon({ role: 'admin', granted: false })).toBe(true);
		expect(mayCreateHackathon({ role: 'member', granted: true })).toBe(true);
		expect(mayCreateHackathon({ role: 'member', granted: false })).toBe(false);
	});

	it('holds members to the prize pool limit, not admins', () => {
		expect(prizePoolProblem([prize(600), prize(400)], false, 1000)).toBeNull();
		expect(prizePoolProblem([prize(600), prize(401)], false, 1000)).toBe(
			'The prizes add up to 1001 points; organisers may put up at most 1000 (an admin can approve more).'
		);
		expect(prizePoolProblem([prize(5000)], true, 1000)).toBeNull();
	});

	it('moves only times whose phase has not begun, keeping them in order and ahead of now', () => {
		expect(phaseStartedBy('hackingEndsAt')).toBe('judging');
		expect(mayMoveTime('registration', 'hackingStartsAt')).toBe(true);
		expect(mayMoveTime('hacking', 'hackingStartsAt')).toBe(false);
		expect(mayMoveTime('hacking', 'hackingEndsAt')).toBe(true);
		expect(mayMoveTime('results', 'judgingEndsAt')).toBe(false);
		const now = new Date('2030-01-01T00:00Z');
		const day = (n: number) => new Date(now.getTime() + n * 86_400_000);
		const times = {
			registrationOpensAt: day(1),
			hackingStartsAt: day(2),
			hackingEndsAt: day(3),
			judgingEndsAt: day(4)
		};
		expect(timesProblem(times, 'hackingEndsAt', day(3.5), now)).toBeNull();
		expect(timesProblem(times, 'hackingEndsAt', day(-1), now)).toBe('Choose a time in the future.');
		expect(timesProblem(times, 'hackingEndsAt', day(5), now)).toBe(
			'Judging must end after hacking ends.'
		);
		expect(timesProblem(times, 'hackingStartsAt', day(0.5), now)).toBe(
			'Hacking cannot start before registration opens.'
		);
		expect(timesProblem(times, 'hackingStartsAt', day(3), now)).toBe(
			'Hacking must end after it starts.'
		);
	});

	it('opens teams in registration and hacking, the board until hacking ends', () => {
		expect(teamsProblem('draft')).toBe('Registration has not opened yet.');
		expect(teamsProblem('registration')).toBeNull();
		expect(teamsProblem('hacking')).toBeNull();
		expect(teamsProblem('judging')).toBe('Teams are fixed once hacking ends.');
		expect(boardProblem('draft')).toBeNull();
		expect(boardProblem('results')).toBe('The ideas board closed when hacking ended.');
		expect(nextPhase('judging')).toBe('results');
		expect(nextPhase('results')).toBeNull();
	});

	it('reads skills and escalation numbers as people type them', () => {
		expect(splitSkills('SQL, design,\nSQL, ')).toEqual(['SQL', 'design']);
		expect(splitEscalationIds('#12, 15 #12')).toEqual([12, 15]);
		expect(splitEscalationIds('')).toEqual([]);
		expect(splitEscalationIds('twelve')).toBeNull();
	});
});
