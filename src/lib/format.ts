// Display helpers shared by pages (browser and server).

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium' });

export function formatDateTime(value: Date | string): string {
	return dateTime.format(new Date(value));
}

/**
 * The time as it is in `timeZone`, naming the zone ("2 Dec 2026, 09:00 Europe/Berlin"): the
 * same text on the server and in every viewer's browser.
 */
export function formatDateTimeIn(value: Date | string, timeZone: string): string {
	const text = new Intl.DateTimeFormat('en-GB', {
		dateStyle: 'medium',
		timeStyle: 'short',
		timeZone
	}).format(new Date(value));
	return `${text} ${timeZone}`;
}

export function formatDate(value: Date | string): string {
	return dateOnly.format(new Date(value));
}

/** "Chrome on Linux" from a user-agent string; good enough to recognise one's own devices. */
export function describeDevice(userAgent: string | null | undefined): string {
	if (!userAgent) return 'Unknown device';
	const browser = /Edg\//.test(userAgent)
		? 'Edge'
		: /Firefox\//.test(userAgent)
			? 'Firefox'
			: /Chrom(e|ium)\//.test(userAgent)
				? 'Chrome'
				: /Safari\//.test(userAgent)
					? 'Safari'
					: 'Browser';
	const os = /Windows/.test(userAgent)
		? 'Windows'
		: /Android/.test(userAgent)
			? 'Android'
			: /iPhone|iPad/.test(userAgent)
				? 'iOS'
				: /Mac OS X/.test(userAgent)
					? 'macOS'
					: /Linux/.test(userAgent)
						? 'Linux'
						: 'an unknown system';
	return `${browser} on ${os}`;
}

/** "2h 05m", "4m 09s": a countdown that stays readable from across a room. */
export function formatRemaining(ms: number): string {
	const total = Math.max(0, Math.floor(ms / 1000));
	const days = Math.floor(total / 86_400);
	const hours = Math.floor((total % 86_400) / 3600);
	const minutes = Math.floor((total % 3600) / 60);
	const seconds = total % 60;
	const pad = (n: number) => String(n).padStart(2, '0');
	if (days > 0) return `${days}d ${hours}h`;
	if (hours > 0) return `${hours}h ${pad(minutes)}m`;
	return `${minutes}m ${pad(seconds)}s`;
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * Up to two initials for an avatar: the first character a reader sees of the first two
 * words, whole (an emoji, a flag or an accented letter is never cut in half).
 */
export function initialsOf(name: string): string {
	return name
		.split(/\s+/)
		.filter(Boolean)
		.slice(0, 2)
		.map((word) => graphemes.segment(word)[Symbol.iterator]().next().value?.segment ?? '')
		.map((first) => first.toLocaleUpperCase())
		.join('');
}
