// Business hours as people type them: one line per weekday, spans like "09:00–12:30, 13:30–17:00",
// empty for closed. Pure, so the settings form, the server and the tests read them alike.

/** ISO weekdays, Monday first: `WEEKDAYS[0]` is weekday 1. */
export const WEEKDAYS = [
	{ weekday: 1, key: 'mon', label: 'Monday' },
	{ weekday: 2, key: 'tue', label: 'Tuesday' },
	{ weekday: 3, key: 'wed', label: 'Wednesday' },
	{ weekday: 4, key: 'thu', label: 'Thursday' },
	{ weekday: 5, key: 'fri', label: 'Friday' },
	{ weekday: 6, key: 'sat', label: 'Saturday' },
	{ weekday: 7, key: 'sun', label: 'Sunday' }
] as const;

export type WeekdayKey = (typeof WEEKDAYS)[number]['key'];

export interface Span {
	weekday: number;
	startMinute: number;
	endMinute: number;
}

const DAY_MINUTES = 24 * 60;
const MAX_SPANS_PER_DAY = 6;

/** 540 → "09:00"; 1440 → "24:00" (the end of the day). */
export function formatMinute(minute: number): string {
	const h = Math.floor(minute / 60);
	const m = minute % 60;
	return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** "9", "09:00", "9:30" → minutes since midnight; "24:00" is the end of the day. */
function parseClock(text: string): number | null {
	const match = /^(\d{1,2})(?::(\d{2}))?$/.exec(text.trim());
	if (!match) return null;
	const h = Number(match[1]);
	const m = Number(match[2] ?? 0);
	if (m > 59 || h > 24 || (h === 24 && m > 0)) return null;
	return h * 60 + m;
}

/**
 * One weekday's line → its spans, sorted, or the sentence saying what is wrong with it.
 * Spans must start before they end and may not overlap (touching is fine: 12:00–12:00 is not a gap).
 */
export function parseDay(weekday: number, text: string): { spans: Span[] } | { error: string } {
	const trimmed = text.trim();
	if (!trimmed || /^closed$/i.test(trimmed)) return { spans: [] };
	const parts = trimmed.split(',').map((p) => p.trim());
	if (parts.length > MAX_SPANS_PER_DAY) {
		return { error: `At most ${MAX_SPANS_PER_DAY} spans a day.` };
	}
	const spans: Span[] = [];
	for (const part of parts) {
		const [from, to, extra] = part.split(/\s*[-–—]\s*/);
		const start = from === undefined ? null : parseClock(from);
		const end = to === undefined ? null : parseClock(to);
		if (extra !== undefined || start === null || end === null || start >= DAY_MINUTES) {
			return { error: `Write spans like 09:00–17:00 (“${part.slice(0, 20)}” is not one).` };
		}
		if (start >= end) return { error: `${part} ends before it starts.` };
		spans.push({ weekday, startMinute: start, endMinute: end });
	}
	spans.sort((a, b) => a.startMinute - b.startMinute);
	for (let i = 1; i < spans.length; i++) {
		if (spans[i].startMinute < spans[i - 1].endMinute) {
			const a = spans[i - 1];
			const b = spans[i];
			return {
				error: `${formatMinute(a.startMinute)}–${formatMinute(a.endMinute)} and ${formatMinute(b.startMinute)}–${formatMinute(b.endMinute)} overlap.`
			};
		}
	}
	return { spans };
}

/** A weekday's spans as its line in the form: "09:00–12:00, 13:00–17:00", "" when closed. */
export function formatDay(spans: Span[], weekday: number): string {
	return spans
		.filter((s) => s.weekday === weekday)
		.sort((a, b) => a.startMinute - b.startMinute)
		.map((s) => `${formatMinute(s.startMinute)}–${formatMinute(s.endMinute)}`)
		.join(', ');
}

/** Whether `spans` is a valid week: known weekdays, in-day minutes, start < end, no overlaps. */
export function isValidWeek(spans: Span[]): boolean {
	return (
		WEEKDAYS.every(({ weekday }) => {
			const day = spans.filter((s) => s.weekday === weekday);
			if (
				day.some(
					(s) =>
						!Number.isInteger(s.startMinute) ||
						!Number.isInteger(s.endMinute) ||
						s.startMinute < 0 ||
						s.endMinute > DAY_MINUTES ||
						s.startMinute >= s.endMinute
				)
			)
				return false;
			const parsed = parseDay(weekday, formatDay(day, weekday));
			return 'spans' in parsed;
		}) && spans.every((s) => WEEKDAYS.some((d) => d.weekday === s.weekday))
	);
}
