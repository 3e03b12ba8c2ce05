// Business time: minutes that fall inside a calendar's working hours, in its time zone,
// outside its holidays. Pure and browser-safe, so the escalation page counts down with the
// same arithmetic the server fires triggers on. Spans are wall-clock times: a span that
// crosses a daylight-saving change counts the minutes that really passed.
import { instantOfWallClock, wallClockAt } from './zoned-time';

export interface BusinessCalendar {
	timeZone: string;
	/** Working spans; several per day are fine. ISO weekdays: 1 = Monday … 7 = Sunday. */
	hours: { weekday: number; startMinute: number; endMinute: number }[];
	/** Local dates without work, YYYY-MM-DD. */
	holidays: string[];
}

const MINUTE = 60_000;
const DAY = 86_400_000;
/** How far a search walks before deciding the calendar has no working time at all. */
const MAX_DAYS = 3_700;

/** The working spans of one local day as instants [start, end) in ms, in order. */
function spansOn(dayWall: number, calendar: BusinessCalendar, holidays: Set<string>) {
	const date = new Date(dayWall).toISOString().slice(0, 10);
	if (holidays.has(date)) return [];
	const weekday = ((new Date(dayWall).getUTCDay() + 6) % 7) + 1;
	return calendar.hours
		.filter((span) => span.weekday === weekday && span.endMinute > span.startMinute)
		.sort((a, b) => a.startMinute - b.startMinute)
		.map((span) => [
			instantOfWallClock(dayWall + span.startMinute * MINUTE, calendar.timeZone),
			instantOfWallClock(dayWall + span.endMinute * MINUTE, calendar.timeZone)
		]);
}

/** Midnight (as wall-clock ms) of the local day that contains the instant. */
function localDayOf(ms: number, timeZone: string): number {
	const wall = wallClockAt(ms, timeZone);
	return wall - (((wall % DAY) + DAY) % DAY);
}

/** Whole working minutes from `from` to `to` (0 when `to` is not after `from`). */
export function businessMinutesBetween(from: Date, to: Date, calendar: BusinessCalendar): number {
	const start = from.getTime();
	const end = to.getTime();
	if (!(end > start)) return 0;
	const holidays = new Set(calendar.holidays);
	const lastDay = localDayOf(end, calendar.timeZone);
	let total = 0;
	for (let day = localDayOf(start, calendar.timeZone) - DAY; day <= lastDay; day += DAY) {
		for (const [spanStart, spanEnd] of spansOn(day, calendar, holidays)) {
			const overlap = Math.min(spanEnd, end) - Math.max(spanStart, start);
			if (overlap > 0) total += overlap;
		}
	}
	return Math.floor(total / MINUTE);
}

/**
 * The instant `minutes` working minutes after `from`: a due time. From outside working
 * hours the count starts when work does. Null when the calendar has no working time.
 */
export function addBusinessMinutes(
	from: Date,
	minutes: number,
	calendar: BusinessCalendar
): Date | null {
	const start = from.getTime();
	let left = Math.max(0, minutes) * MINUTE;
	const holidays = new Set(calendar.holidays);
	const firstDay = localDayOf(start, calendar.timeZone) - DAY;
	for (let day = firstDay; day <= firstDay + MAX_DAYS * DAY; day += DAY) {
		for (const [spanStart, spanEnd] of spansOn(day, calendar, holidays)) {
			const from = Math.max(spanStart, start);
			if (spanEnd <= from) continue;
			if (left <= spanEnd - from) return new Date(from + left);
			left -= spanEnd - from;
		}
	}
	return null;
}

/** Minutes of plain calendar time, for targets that do not count business hours. */
export function calendarMinutesBetween(from: Date, to: Date): number {
	return Math.max(0, Math.floor((to.getTime() - from.getTime()) / MINUTE));
}

/** Monday to Friday, 09:00–17:00, no holidays: the calendar until a workspace sets its own. */
export function standardCalendar(timeZone: string): BusinessCalendar {
	return {
		timeZone,
		hours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMinute: 540, endMinute: 1020 })),
		holidays: []
	};
}
