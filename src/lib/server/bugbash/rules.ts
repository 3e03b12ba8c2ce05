// The bug bash's rules on time: when a new bash may start and end, and how long an ended
// bash may be reopened. Pure.
import { ServiceError } from '../errors';

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
