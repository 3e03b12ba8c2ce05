// Times typed into a datetime-local field mean wall-clock time in the workspace's zone,
// whatever zone the server runs in.

function offsetAt(utcMs: number, timeZone: string): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit'
	}).formatToParts(new Date(utcMs));
	const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
	const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
	return asUtc - Math.floor(utcMs / 60_000) * 60_000;
}

/** "2026-11-23T14:30" in `timeZone` → the instant; null when it is not such a value. */
export function fromZonedInput(value: string, timeZone: string): Date | null {
	const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value.trim());
	if (!match) return null;
	const [, y, mo, d, h, mi] = match.map(Number);
	const wall = Date.UTC(y, mo - 1, d, h, mi);
	// Date.UTC rolls "13-45T99:99" over into a real date: refuse what does not round-trip.
	if (new Date(wall).toISOString().slice(0, 16) !== value.trim()) return null;
	// Two passes settle the offset around a daylight-saving change.
	let utc = wall - offsetAt(wall, timeZone);
	utc = wall - offsetAt(utc, timeZone);
	return new Date(utc);
}

/** The instant as a datetime-local value in `timeZone`. */
export function toZonedInput(date: Date, timeZone: string): string {
	const local = new Date(date.getTime() + offsetAt(date.getTime(), timeZone));
	return local.toISOString().slice(0, 16);
}
