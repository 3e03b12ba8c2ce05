// Who may do what with a demo, and the arithmetic of its clock: pure functions.
import { MOMENT_MS } from '$lib/demos/schemas';

/** Presenters and admins manage a demo (schedule changes, go live, end, chapters, marks). */
export function mayManage(actor: { id: number; role: string }, presenterIds: readonly number[]) {
	return actor.role === 'admin' || presenterIds.includes(actor.id);
}

/** Reminders go out this long before a demo starts. */
export const REMINDER_LEAD_MS = 15 * 60_000;

/** When the reminder is due: the lead before the start, or now when that has passed. */
export function reminderDue(startsAt: Date, now: Date): Date | null {
	if (startsAt <= now) return null;
	return new Date(Math.max(now.getTime(), startsAt.getTime() - REMINDER_LEAD_MS));
}

/** A live comment's stamp: how far into the session it is, never negative. */
export function sessionOffset(wentLiveAt: Date, now: Date): number {
	return Math.max(0, now.getTime() - wentLiveAt.getTime());
}

/** The ten-second slice of the session an offset falls in (reactions at a moment). */
export function momentSlice(offsetMs: number): number {
	return Math.floor(Math.max(0, offsetMs) / MOMENT_MS);
}

/** Points for presenting a demo (once per presenter and demo) and for a helpful question. */
export const PRESENTING_POINTS = 50;
export const HELPFUL_QUESTION_POINTS = 10;

/** How many comments one person may post into a demo: a burst, then one every few seconds. */
export const commentLimits = { perSecond: 0.5, burst: 6 };
