// iCalendar (RFC 5545) for demos: one event per demo, a feed per series. Lines end in
// CRLF and are folded at 75 octets without splitting a character; text is escaped; times
// are UTC. Pure: the routes hand it rows and the public origin.

export interface CalendarEvent {
	uid: string;
	start: Date;
	end: Date;
	summary: string;
	description: string;
	url: string;
	location: string | null;
	/** The demo's state: an ended or cancelled one still shows where it was. */
	stamp: Date;
}

/** Text as a TEXT value: backslash, semicolon, comma and line breaks escaped. */
export function escapeText(text: string): string {
	return text
		.replace(/\\/g, '\\\\')
		.replace(/;/g, '\\;')
		.replace(/,/g, '\\,')
		.replace(/\r\n|\r|\n/g, '\\n');
}

/** `20261130T104512Z`. */
export function utcStamp(date: Date): string {
	return date
		.toISOString()
		.replace(/[-:]/g, '')
		.replace(/\.\d{3}/, '');
}

/** One content line folded at 75 octets (continuations start with a space). */
export function fold(line: string): string {
	const encoder = new TextEncoder();
	const parts: string[] = [];
	let current = '';
	let octets = 0;
	for (const char of line) {
		const size = encoder.encode(char).length;
		// The first line holds 75 octets; a continuation's leading space takes one of them.
		const room = parts.length === 0 ? 75 : 74;
		if (octets + size > room) {
			parts.push(current);
			current = '';
			octets = 0;
		}
		current += char;
		octets += size;
	}
	parts.push(current);
	return parts.join('\r\n ');
}

function eventLines(event: CalendarEvent): string[] {
	return [
		'BEGIN:VEVENT',
		`UID:${event.uid}`,
		`DTSTAMP:${utcStamp(event.stamp)}`,
		`DTSTART:${utcStamp(event.start)}`,
		`DTEND:${utcStamp(event.end)}`,
		`SUMMARY:${escapeText(event.summary)}`,
		`DESCRIPTION:${escapeText(event.description)}`,
		`URL:${event.url}`,
		...(event.location ? [`LOCATION:${escapeText(event.location)}`] : []),
		'END:VEVENT'
	];
}

/** A whole calendar: one event (a demo's .ics) or a series' feed. */
export function calendar(name: string, events: readonly CalendarEvent[]): string {
	const lines = [
		'BEGIN:VCALENDAR',
		'VERSION:2.0',
		'PRODID:-//Tandem//Demos//EN',
		'CALSCALE:GREGORIAN',
		'METHOD:PUBLISH',
		`X-WR-CALNAME:${escapeText(name)}`,
		...events.flatMap(eventLines),
		'END:VCALENDAR'
	];
	return lines.map(fold).join('\r\n') + '\r\n';
}
