// Times typed into a datetime-local field mean wall-clock time in the workspace's zone,
// whatever zone the server runs in. Business time (`$lib/business-time`) counts on the
// same wall-clock arithmetic.

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Creating a formatter costs far more than using one: keep one per zone. */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
	let formatter = formatters.get(timeZone);
	if (!formatter) {
		formatter = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit'
		});
		formatters.set(timeZone, formatter);
	}
	return formatter;
}

/** The wall clock in `timeZone` at an instant, as if that wall clock were UTC (ms). */
export function wallClockAt(utcMs: number, timeZone: string): number {
	const parts = formatterFor(timeZone).formatToParts(new Date(utcMs));
	const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
	return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
}

function offsetAt(utcMs: number, timeZone: string): number {
	return wallClockAt(utcMs, timeZone) - Math.floor(utcMs / 60_000) * 60_000;
}

/**
 * The instant a wall-clock time (given as if it were UTC, ms) happens in `timeZone`. Two
 * passes settle the offset around a daylight-saving change; a time skipped by the spring
 * change lands just after it.
 */
export function instantOfWallClock(wall: number, timeZone: string): number {
	const first = wall - offsetAt(wall, timeZone);
	return wall - offsetAt(first, timeZone);
}

/** "2026-11-23T14:30" in `timeZone` → the instant; null when it is not such a value. */
export function fromZonedInput(value: string, timeZone: string): Date | null {
	const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value.trim());
	if (!match) return null;
	const [, y, mo, d, h, mi] = match.map(Number);
	const wall = Date.UTC(y, mo - 1, d, h, mi);
	// Date.UTC rolls "13-45T99:99" over into a real date: refuse what does not round-trip.
	if (new Date(wall).toISOString().slice(0, 16) !== value.trim()) return null;
	return new Date(instantOfWallClock(wall, timeZone));
}

/** The instant as a datetime-local value in `timeZone`. */
export function toZonedInput(date: Date, timeZone: string): string {
	const local = new Date(date.getTime() + offsetAt(date.getTime(), timeZone));
	return local.toISOString().slice(0, 16);
}
