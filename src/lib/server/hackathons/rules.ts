// Who may do what in a hackathon, and which changes each phase allows: pure functions.
import {
	PHASES,
	PHASE_STARTS,
	PRIZE_POOL_LIMIT,
	type HackathonInput,
	type Phase,
	type PhaseTime
} from '$lib/hackathons/schemas';

/** Admins create hackathons; members only with an admin's grant. */
export function mayCreateHackathon(actor: { role: string; granted: boolean }): boolean {
	return actor.role === 'admin' || actor.granted;
}

/** The prize points a hackathon puts up. */
export function prizePool(prizes: HackathonInput['prizes']): number {
	return prizes.reduce((sum, prize) => sum + prize.points, 0);
}

/** Why the prize pool is refused, or null: only admins may exceed the limit. */
export function prizePoolProblem(
	prizes: HackathonInput['prizes'],
	isAdmin: boolean,
	limit = PRIZE_POOL_LIMIT
): string | null {
	const pool = prizePool(prizes);
	if (pool <= limit || isAdmin) return null;
	return `The prizes add up to ${pool} points; organisers may put up at most ${limit} (an admin can approve more).`;
}

const order = (phase: Phase) => PHASES.indexOf(phase);

/** The phase after `phase` whose start time is `which`. */
export function phaseStartedBy(which: PhaseTime): Exclude<Phase, 'draft'> {
	const entry = Object.entries(PHASE_STARTS).find(([, time]) => time === which)!;
	return entry[0] as Exclude<Phase, 'draft'>;
}

/** A phase time can move only while the phase it starts has not begun. */
export function mayMoveTime(phase: Phase, which: PhaseTime): boolean {
	return order(phase) < order(phaseStartedBy(which));
}

/** The four times stay in order after moving `which` to `to`; the problem otherwise. */
export function timesProblem(
	times: Record<PhaseTime, Date>,
	which: PhaseTime,
	to: Date,
	now: Date
): string | null {
	if (to <= now) return 'Choose a time in the future.';
	const next = { ...times, [which]: to };
	if (next.hackingStartsAt < next.registrationOpensAt)
		return 'Hacking cannot start before registration opens.';
	if (next.hackingEndsAt <= next.hackingStartsAt) return 'Hacking must end after it starts.';
	if (next.judgingEndsAt <= next.hackingEndsAt) return 'Judging must end after hacking ends.';
	return null;
}

/** Teams form and change while registration is open and during hacking. */
export function teamsProblem(phase: Phase): string | null {
	if (phase === 'draft') return 'Registration has not opened yet.';
	if (phase === 'judging' || phase === 'results') return 'Teams are fixed once hacking ends.';
	return null;
}

/** Ideas and "looking for a team" are for before teams are fixed. */
export function boardProblem(phase: Phase): string | null {
	if (phase === 'judging' || phase === 'results')
		return 'The ideas board closed when hacking ended.';
	return null;
}
