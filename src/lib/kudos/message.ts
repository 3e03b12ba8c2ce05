// Kudos messages are plain text with a little formatting: **bold**, _italic_, links as
// bare https URLs or [label](https://…). They are turned into segments that the page
// renders as text nodes and <a> elements — never as HTML — so a message cannot inject
// markup, and only http(s) links become links.

export type Segment =
	| { kind: 'text'; text: string }
	| { kind: 'bold'; text: string }
	| { kind: 'italic'; text: string }
	| { kind: 'link'; text: string; href: string }
	| { kind: 'break' };

const TOKEN =
	/\[([^\]\n]{1,200})\]\((https?:\/\/[^\s)]{1,2000})\)|(https?:\/\/[^\s<>"')\]]{1,2000})|\*\*([^*\n]{1,500})\*\*|(?<![\w])_([^_\n]{1,500})_(?![\w])|\n/g;

/** A link target that is safe to put in href: http(s) only, parsed by URL. */
export function safeHref(candidate: string): string | null {
	try {
		const url = new URL(candidate);
		return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
	} catch {
		return null;
	}
}

export function formatMessage(message: string): Segment[] {
	const segments: Segment[] = [];
	let last = 0;
	for (const match of message.matchAll(TOKEN)) {
		if (match.index > last) segments.push({ kind: 'text', text: message.slice(last, match.index) });
		last = match.index + match[0].length;
		const [whole, label, labelledUrl, bareUrl, bold, italic] = match;
		if (whole === '\n') segments.push({ kind: 'break' });
		else if (bold) segments.push({ kind: 'bold', text: bold });
		else if (italic) segments.push({ kind: 'italic', text: italic });
		else {
			const href = safeHref(labelledUrl ?? bareUrl);
			const text = label ?? bareUrl;
			segments.push(href ? { kind: 'link', text, href } : { kind: 'text', text: whole });
		}
	}
	if (last < message.length) segments.push({ kind: 'text', text: message.slice(last) });
	return segments;
}
