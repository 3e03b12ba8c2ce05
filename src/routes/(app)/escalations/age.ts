// How long ago something happened, compactly ("5 min", "3 h", "2 d"): enough to see at a
// glance which escalations have waited longest. Exact times are in the title attribute.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function ageOf(since: Date | string, now: Date = new Date()): string {
	const elapsed = Math.max(0, now.getTime() - new Date(since).getTime());
	if (elapsed < MINUTE) return 'just now';
	if (elapsed < HOUR) return `${Math.floor(elapsed / MINUTE)} min`;
	if (elapsed < DAY) return `${Math.floor(elapsed / HOUR)} h`;
	return `${Math.floor(elapsed / DAY)} d`;
}
