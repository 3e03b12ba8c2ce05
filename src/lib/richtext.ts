// Light formatting for text people write (kudos messages, comments): **bold**, _italic_ or
// *italic*, `code`, @mentions, and links as bare https URLs or [label](https://…). Text is
// turned into segments that a page renders as text nodes and elements — never as HTML —
// so nothing written can inject markup, and only http(s) links become links.

export type Segment =
	| { kind: 'text'; text: string }
	| { kind: 'bold'; text: string }
	| { kind: 'italic'; text: string }
	| { kind: 'code'; text: string }
	| { kind: 'mention'; text: string }
	| { kind: 'link'; text: string; href: string }
	| { kind: 'break' };

/** A mention: `@` then an email handle or a name without spaces (`@maya.okafor`, `@Maya`). */
export const MENTION = /(?<![\w@])@([\p{L}\p{N}][\p{L}\p{N}._'-]{0,62}[\p{L}\p{N}]|[\p{L}\p{N}])/gu;

const TOKEN = new RegExp(
	[
		/\[([^\]\n]{1,200})\]\((https?:\/\/[^\s)]{1,2000})\)/.source,
		/(https?:\/\/[^\s<>"')\]]{1,2000})/.source,
		/\*\*([^*\n]{1,500})\*\*/.source,
		/(?<![\w])_([^_\n]{1,500})_(?![\w])/.source,
		/(?<![\w*])\*([^*\s](?:[^*\n]{0,498}[^*\s])?)\*(?![\w*])/.source,
		/`([^`\n]{1,500})`/.source,
		MENTION.source,
		/\n/.source
	].join('|'),
	'gu'
);

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
		const [whole, label, labelledUrl, bareUrl, bold, italic, starred, code, mention] = match;
		if (whole === '\n') segments.push({ kind: 'break' });
		else if (bold) segments.push({ kind: 'bold', text: bold });
		else if (italic || starred) segments.push({ kind: 'italic', text: italic ?? starred });
		else if (code) segments.push({ kind: 'code', text: code });
		else if (mention) segments.push({ kind: 'mention', text: whole });
		else {
			const href = safeHref(labelledUrl ?? bareUrl);
			const text = label ?? bareUrl;
			segments.push(href ? { kind: 'link', text, href } : { kind: 'text', text: whole });
		}
	}
	if (last < message.length) segments.push({ kind: 'text', text: message.slice(last) });
	return segments;
}

/** The handles mentioned in a text, lower-cased and each once (`@Maya` → 'maya'). */
export function mentionsIn(text: string): string[] {
	const found = new Set<string>();
	for (const match of text.matchAll(MENTION)) found.add(match[1].toLowerCase());
	return [...found];
}
