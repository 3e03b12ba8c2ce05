// Insights rules, pure: periods (UTC months and ISO weeks from Monday), quantiles of sorted
// values, and who may see which level's figures.
import type { InsightLevel, PeriodKind } from '$lib/insights/types';

const DAY = 86_400_000;

/** The period of `kind` that contains the instant, as its first day (YYYY-MM-DD, UTC). */
export function periodStartOf(kind: PeriodKind, at: Date): string {
	if (kind === 'month') {
		return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1)).toISOString().slice(0, 10);
	}
	const midnight = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
	const weekday = (new Date(midnight).getUTCDay() + 6) % 7; // Monday = 0
	return new Date(midnight - weekday * DAY).toISOString().slice(0, 10);
}

/** The period `steps` periods after (negative: before) the one starting at `start`. */
export function shiftPeriod(kind: PeriodKind, start: string, steps: number): string {
	const d = new Date(`${start}T00:00:00Z`);
	if (kind === 'week') return new Date(d.getTime() + steps * 7 * DAY).toISOString().slice(0, 10);
	return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + steps, 1))
		.toISOString()
		.slice(0, 10);
}

/** The period as instants: [from, to). */
export function periodBounds(kind: PeriodKind, start: string): { from: Date; to: Date } {
	return {
		from: new Date(`${start}T00:00:00Z`),
		to: new Date(`${shiftPeriod(kind, start, 1)}T00:00:00Z`)
	};
}

/** Whether the text is the first day of a period of `kind` (a valid address). */
export function isPeriodStart(kind: PeriodKind, start: string): boolean {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(start)) return false;
	const d = new Date(`${start}T00:00:00Z`);
	if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== start) return false;
	return periodStartOf(kind, d) === start;
}

/** A period that had ended before `now` by a whole period is closed: its figures are frozen. */
export function isClosed(kind: PeriodKind, start: string, now: Date): boolean {
	return periodBounds(kind, shiftPeriod(kind, start, 1)).to.getTime() <= now.getTime();
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Nov 2026" or "Week of 23 Nov 2026". */
export function periodLabel(kind: PeriodKind, start: string): string {
	const [year, month, day] = start.split('-').map(Number);
	const name = `${MONTHS[month - 1]} ${year}`;
	return kind === 'month' ? name : `Week of ${day} ${name}`;
}

/** The q-quantile of ascending values (nearest rank); null when there are none. */
export function quantile(sorted: readonly number[], q: number): number | null {
	if (sorted.length === 0) return null;
	const rank = Math.ceil(q * sorted.length);
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** How many of the ascending values are above `limit`. */
export function countAbove(sorted: readonly number[], limit: number): number {
	let lo = 0;
	let hi = sorted.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (sorted[mid] > limit) hi = mid;
		else lo = mid + 1;
	}
	return sorted.length - lo;
}

/**
 * Who may see a level's figures: the organisation, departments and teams are for every
 * member; a person's own figures for themselves and admins only.
 */
export function mayViewInsights(
	viewer: { id: number; role: 'admin' | 'member' },
	level: InsightLevel,
	subjectId: number
): boolean {
	if (level !== 'person') return true;
	return viewer.role === 'admin' || viewer.id === subjectId;
}
