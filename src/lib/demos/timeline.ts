// The replay's timeline, as pure functions: which comments are current at a playhead,
// which one the log follows, what a filter shows, and the heat strip's buckets.

/** How long a comment stays highlighted after its moment. */
export const CURRENT_WINDOW_MS = 10_000;

interface Stamped {
	offsetMs: number;
}

/**
 * The comments current at playhead `tMs`: made in the `windowMs` up to and including it
 * (nothing after the playhead is current). `log` is ordered by offset.
 */
export function currentAt<T extends Stamped>(
	log: readonly T[],
	tMs: number,
	windowMs = CURRENT_WINDOW_MS
): T[] {
	return log.filter((c) => c.offsetMs <= tMs && c.offsetMs > tMs - windowMs);
}

/**
 * The index of the last comment at or before the playhead, which the log scrolls to; -1
 * before the first. Binary search: a company-wide demo's log is long.
 */
export function followIndex(log: readonly Stamped[], tMs: number): number {
	let low = 0;
	let high = log.length - 1;
	let found = -1;
	while (low <= high) {
		const mid = (low + high) >> 1;
		if (log[mid].offsetMs <= tMs) {
			found = mid;
			low = mid + 1;
		} else high = mid - 1;
	}
	return found;
}

export type LogFilter = 'both' | 'live' | 'later';

/** The comments a filter shows: made live, added while watching later, or both. */
export function filterLog<T extends { live: boolean }>(log: readonly T[], filter: LogFilter): T[] {
	if (filter === 'both') return [...log];
	return log.filter((c) => c.live === (filter === 'live'));
}

/** The filter a `?show=` value names; both when it names none. */
export function parseFilter(value: string | null): LogFilter {
	return value === 'live' || value === 'later' ? value : 'both';
}

/**
 * The heat strip: how much happened in each of `buckets` equal parts of the session,
 * from 0 (nothing) to 1 (the busiest part). Offsets past the end count in the last part.
 */
export function heatStrip(
	moments: readonly { offsetMs: number; weight?: number }[],
	durationMs: number,
	buckets = 60
): number[] {
	const counts = new Array<number>(buckets).fill(0);
	if (durationMs <= 0) return counts;
	for (const m of moments) {
		const i = Math.min(buckets - 1, Math.max(0, Math.floor((m.offsetMs / durationMs) * buckets)));
		counts[i] += m.weight ?? 1;
	}
	const max = Math.max(...counts);
	return max === 0 ? counts : counts.map((c) => c / max);
}

/** `?t=125` → 125 000 ms; null for anything that is not a whole number of seconds. */
export function parseStartAt(value: string | null): number | null {
	if (value === null || !/^\d{1,6}$/.test(value)) return null;
	return Number(value) * 1000;
}
