// The monthly sync's rules, pure: which month a date is in, the month's spans in the
// workspace zone, its first working day, when the meeting is by default, and who may
// organise (admins, and the people of the department RACI makes accountable for the sync).
import type { BusinessCalendar } from '$lib/business-time';
import { instantOfWallClock, wallClockAt } from '$lib/zoned-time';

/** The RACI activity the monthly sync is, by its key. */
export const SYNC_ACTIVITY = 'monthly_sync';

/** The local date (`YYYY-MM-DD`) at `now` in `timeZone`. */
export function localDate(now: Date, timeZone: string): string {
	return new Date(wallClockAt(now.getTime(), timeZone)).toISOString().slice(0, 10);
}

/** The month (`YYYY-MM`) `now` falls in, in `timeZone`. */
export function monthOf(now: Date, timeZone: string): string {
	return localDate(now, timeZone).slice(0, 7);
}

/** `YYYY-MM` moved by `delta` months. */
export function addMonths(month: string, delta: number): string {
	const [y, m] = month.split('-').map(Number);
	const d = new Date(Date.UTC(y, m - 1 + delta, 1));
	return d.toISOString().slice(0, 7);
}

export function isMonth(value: string): boolean {
	return /^\d{4}-(0[1-9]|1[0-2])$/.test(value);
}

/** The month as the instants [its first local midnight, the next month's) in `timeZone`. */
export function monthSpan(month: string, timeZone: string): { from: Date; to: Date } {
	const [y, m] = month.split('-').map(Number);
	return {
		from: new Date(instantOfWallClock(Date.UTC(y, m - 1, 1), timeZone)),
		to: new Date(instantOfWallClock(Date.UTC(y, m, 1), timeZone))
	};
}

/** Whether a local date is a working day: an open weekday (Mon–Fri if none are set), no holiday. */
export function isWorkingDay(day: string, calendar: BusinessCalendar): boolean {
	const weekday = ((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
	const open = calendar.hours.length
		? calendar.hours.some((span) => span.weekday === weekday)
		: weekday <= 5;
	return open && !calendar.holidays.includes(day);
}

/** The `n`-th working day of the month (1 = the first) as a local date. */
export function workingDayOf(month: string, calendar: BusinessCalendar, n = 1): string {
	const [y, m] = month.split('-').map(Number);
	let found = 0;
	for (let d = 1; d <= 31; d++) {
		const day = new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);
		if (!day.startsWith(month)) break;
		if (isWorkingDay(day, calendar) && ++found === n) return day;
	}
	// A month without enough working days (an odd calendar): its first day.
	return `${month}-01`;
}

/** Whether the month's agenda is due at `now`: on or after the month's first working day. */
export function agendaDue(now: Date, calendar: BusinessCalendar): string | null {
	const today = localDate(now, calendar.timeZone);
	const month = today.slice(0, 7);
	return today >= workingDayOf(month, calendar) ? month : null;
}

/**
 * The meeting by default: the month's fifth working day, 15:00 in the workspace zone; for
 * an agenda made after that, the next working day after `now`, at 15:00.
 */
export function defaultMeetingAt(month: string, calendar: BusinessCalendar, now: Date): Date {
	const at15 = (day: string) => {
		const [y, m, d] = day.split('-').map(Number);
		return new Date(instantOfWallClock(Date.UTC(y, m - 1, d, 15, 0), calendar.timeZone));
	};
	const planned = at15(workingDayOf(month, calendar, 5));
	if (planned > now) return planned;
	let day = localDate(now, calendar.timeZone);
	for (let i = 0; i < 14; i++) {
		day = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
		if (isWorkingDay(day, calendar)) break;
	}
	return at15(day);
}

export interface Organiser {
	role: 'admin' | 'member';
	departmentId: number | null;
	teamId: number | null;
}

/**
 * Admins organise the sync, and so do the people of the department or team (a RACI team
 * column) accountable for it.
 */
export function mayOrganise(
	actor: Organiser,
	accountable: { departmentId: number | null; teamId: number | null }[]
): boolean {
	return (
		actor.role === 'admin' ||
		accountable.some(
			(a) =>
				(a.departmentId !== null && a.departmentId === actor.departmentId) ||
				(a.teamId !== null && a.teamId === actor.teamId)
		)
	);
}

/** Why the agenda cannot be generated again now, or null when it can. */
export function whyNotRegenerate(
	agenda: { status: 'draft' | 'published'; meetingAt: Date },
	now: Date
): string | null {
	if (agenda.status === 'published') {
		return 'This agenda is published: its figures are frozen and cannot be generated again.';
	}
	if (agenda.meetingAt <= now) {
		return 'The meeting has started: the agenda can no longer be generated again.';
	}
	return null;
}
