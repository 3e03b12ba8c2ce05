// Leaderboard periods, counted in the organisation's own time zone: a Monday-morning award
// in Berlin belongs to Berlin's new week even while it is still Sunday in UTC.

/** The spans a leaderboard can cover. */
export const PERIODS = ['week', 'month', 'season', 'all'] as const;
export type Period = (typeof PERIODS)[number];

/** The key of every period a moment falls in, e.g. week '2026-W47', month '2026-11'. */
export type PeriodKeys = Record<Period, string>;

/** A calendar date without a time or zone. */
export interface LocalDate {
	year: number;
	month: number;
	day: number;
}

// Building a DateTimeFormat is far slower than using one, and awards ask on every write.
const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
	let format = formats.get(timeZone);
	if (!format) {
		// en-US with the Gregorian calendar and Latin digits, whatever the server's locale.
		format = new Intl.DateTimeFormat('en-US-u-ca-gregory-nu-latn', {
			timeZone,
			year: 'numeric',
			month: 'numeric',
			day: 'numeric'
		});
		formats.set(timeZone, format);
	}
	return format;
}

/** The calendar date it is in `timeZone` at the moment `date`. */
export function localDate(date: Date, timeZone: string): LocalDate {
	const parts = formatFor(timeZone).formatToParts(date);
	const part = (type: Intl.DateTimeFormatPartTypes) =>
		Number(parts.find((p) => p.type === type)?.value);
	return { year: part('year'), month: part('month'), day: part('day') };
}

/** Whether `timeZone` is an IANA zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
	try {
		formatFor(timeZone);
		return true;
	} catch {
		return false;
	}
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 for a calendar date (proleptic Gregorian). */
function dayNumber({ year, month, day }: LocalDate): number {
	return Math.floor(Date.UTC(year, month - 1, day) / DAY_MS);
}

/**
 * The ISO 8601 week of a calendar date. Weeks start on Monday and belong to the year
 * their Thursday is in, so 2027-01-01 (a Friday) is in week 53 of 2026.
 */
export function isoWeek(date: LocalDate): { year: number; week: number } {
	const days = dayNumber(date);
	const weekday = ((((days + 3) % 7) + 7) % 7) + 1; // 1970-01-01 was a Thursday; Monday = 1
	const thursday = days + 4 - weekday;
	const year = new Date(thursday * DAY_MS).getUTCFullYear();
	const week = Math.floor((thursday - dayNumber({ year, month: 1, day: 1 })) / 7) + 1;
	return { year, week };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The week key ('2026-W47') of a calendar date. */
export function weekKey(date: LocalDate): string {
	const { year, week } = isoWeek(date);
	return `${pad(year, 4)}-W${pad(week)}`;
}

/** The keys of the periods `date` falls in, as seen in `timeZone`. */
export function periodKeys(date: Date, timeZone: string): PeriodKeys {
	const local = localDate(date, timeZone);
	return {
		week: weekKey(local),
		month: `${pad(local.year, 4)}-${pad(local.month)}`,
		season: `${pad(local.year, 4)}-Q${Math.ceil(local.month / 3)}`,
		all: 'all'
	};
}

/** The key of one period `date` falls in, as seen in `timeZone`. */
export function periodKey(period: Period, date: Date, timeZone: string): string {
	return periodKeys(date, timeZone)[period];
}

/**
 * A running number for the ISO week of a calendar date (consecutive weeks differ by one),
 * so streaks can be counted across year ends.
 */
export function weekNumber(date: LocalDate): number {
	// Day 0 was a Thursday; shifting by 3 makes every Monday start a new number.
	return Math.floor((dayNumber(date) + 3) / 7);
}
