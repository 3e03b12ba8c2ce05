// The bug bash's rules: when a new bash may start and end, how long an ended bash may be
// reopened, and what a bash may pay without an admin's approval. Pure.
import { ServiceError } from '../errors';
import type { BashScoring } from './schema';

/** A start a little in the past is allowed: the form takes a while to fill in. */
export const START_GRACE_MINUTES = 15;

/** An ended bash may be reopened for this long (someone ended it too early). */
export const REOPEN_WINDOW_HOURS = 24;

/**
 * Refuses times that would make a new bash end at once or pretend it ran in the past
 * (the form validates the order and length; this is about the clock).
 */
export function checkNewBashTimes(startsAt: Date, endsAt: Date, now = new Date()): void {
	if (endsAt.getTime() <= now.getTime()) {
		throw new ServiceError('This end time has already passed: choose one in the future.', 'endsAt');
	}
	if (startsAt.getTime() < now.getTime() - START_GRACE_MINUTES * 60_000) {
		throw new ServiceError(
			`This start time has already passed: choose now or later (up to ${START_GRACE_MINUTES} minutes ago is fine).`,
			'startsAt'
		);
	}
}

/** Why an ended bash cannot be reopened by this person now, or null when it can. */
export function whyNotReopen(
	bash: { state: string; endedAt: Date | null },
	mayRun: boolean,
	now = new Date()
): string | null {
	if (!mayRun) return 'Only the organisers of this bash or an admin can reopen it.';
	if (bash.state !== 'ended') return 'Only an ended bash can be reopened.';
	const endedAt = bash.endedAt?.getTime() ?? 0;
	if (now.getTime() - endedAt > REOPEN_WINDOW_HOURS * 3_600_000) {
		return `This bash ended more than ${REOPEN_WINDOW_HOURS} hours ago; it can no longer be reopened. Create a new bash instead.`;
	}
	return null;
}

/** The workspace's caps on what a member's bash pays without an admin's approval. */
export interface BashCaps {
	bashPointsCap: number;
	bashFirstBonusCap: number;
}

const NO_POINTS: BashScoring = {
	critical: 0,
	high: 0,
	medium: 0,
	low: 0,
	duplicate: 0,
	firstBonus: 0
};

/** The most a bash pays for one bug (the duplicate confirmation included). */
export function mostPerBug(scoring: BashScoring): number {
	return Math.max(scoring.critical, scoring.high, scoring.medium, scoring.low, scoring.duplicate);
}

/** Whether a bash's scoring pays more than the caps allow without approval. */
export function exceedsCaps(scoring: BashScoring, caps: BashCaps): boolean {
	return mostPerBug(scoring) > caps.bashPointsCap || scoring.firstBonus > caps.bashFirstBonusCap;
}

/** The scoring lowered to the caps (what a declined bash pays). */
export function cappedScoring(scoring: BashScoring, caps: BashCaps): BashScoring {
	const cap = (points: number) => Math.min(points, caps.bashPointsCap);
	return {
		critical: cap(scoring.critical),
		high: cap(scoring.high),
		medium: cap(scoring.medium),
		low: cap(scoring.low),
		duplicate: cap(scoring.duplicate),
		firstBonus: Math.min(scoring.firstBonus, caps.bashFirstBonusCap)
	};
}

/**
 * What triage pays: nothing while the bash awaits approval, otherwise its scoring (a
 * declined bash's scoring was lowered to the caps when it was declined).
 */
export function paidScoring(bash: {
	scoring: BashScoring;
	approval: 'approved' | 'pending' | 'declined';
}): BashScoring {
	return bash.approval === 'pending' ? NO_POINTS : bash.scoring;
}
