// What workspace settings may hold: pure checks, so the service and the tests share them.
import { isValidWeek, type Span } from '$lib/workspace/hours';

let zones: Set<string> | null = null;

/** The IANA zones this runtime knows (UTC included), for the settings form's list. */
export function knownTimeZones(): string[] {
	return [...zoneSet()].sort();
}

function zoneSet(): Set<string> {
	zones ??= new Set(['UTC', ...Intl.supportedValuesOf('timeZone')]);
	return zones;
}

/** Only canonical IANA names: "Europe/Berlin", not "CET" or "+02:00". */
export function isIanaTimeZone(value: string): boolean {
	return zoneSet().has(value);
}

/** Whether the week of spans is storable (the form's per-day parsing already said why not). */
export function isStorableWeek(spans: Span[]): boolean {
	return spans.length <= 7 * 6 && isValidWeek(spans);
}

/** A local date that exists on the calendar: "2026-02-30" does not. */
export function isCalendarDate(value: string): boolean {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
	if (!match) return false;
	const [y, m, d] = match.slice(1).map(Number);
	const date = new Date(Date.UTC(y, m - 1, d));
	return (
		y >= 2000 &&
		y <= 2100 &&
		date.getUTCFullYear() === y &&
		date.getUTCMonth() === m - 1 &&
		date.getUTCDate() === d
	);
}
