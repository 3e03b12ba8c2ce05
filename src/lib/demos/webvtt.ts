// WebVTT captions: reading an uploaded file into cues (with a sentence when it is not one)
// and writing cues back as WebVTT for the player's <track>.

export interface CaptionCue {
	startMs: number;
	endMs: number;
	text: string;
}

/** The largest captions file accepted, and the most cues kept from it. */
export const CAPTIONS_MAX_BYTES = 1024 * 1024;
export const CAPTIONS_MAX_CUES = 10_000;

const TIMING = /^((?:\d+:)?\d{2}:\d{2}\.\d{3})\s+-->\s+((?:\d+:)?\d{2}:\d{2}\.\d{3})(?:\s+.*)?$/;

/** "01:02:03.456" or "02:03.456" in milliseconds. */
function timestampMs(stamp: string): number {
	const parts = stamp.split(':');
	const [seconds, millis] = parts.pop()!.split('.');
	const [hours, minutes] = parts.length === 2 ? parts : ['0', parts[0]];
	return ((Number(hours) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000 + Number(millis);
}

/** Cue text without its markup (voice spans, bold, timestamps): what people read and search. */
function plainText(lines: string[]): string {
	return lines
		.join('\n')
		.replace(/<[^>]*>/g, '')
		.replace(/&amp;/g, '&')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&nbsp;/g, ' ')
		.trim()
		.slice(0, 2000);
}

/** The cues of a WebVTT file, or a sentence saying why it is not one we can use. */
export function parseWebVtt(source: string): { cues: CaptionCue[] } | { error: string } {
	const text = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
	if (!/^WEBVTT(?:[ \t].*)?(?:\n|$)/.test(text)) {
		return { error: 'That is not a WebVTT file: it must start with “WEBVTT”.' };
	}
	const cues: CaptionCue[] = [];
	for (const block of text.split(/\n{2,}/).slice(1)) {
		const lines = block.split('\n').filter((l) => l.length > 0);
		const at = lines.findIndex((l) => l.includes('-->'));
		if (at < 0 || at > 1) continue; // NOTE, STYLE and REGION blocks carry no cue
		const timing = TIMING.exec(lines[at].trim());
		if (!timing) return { error: `Line “${lines[at].slice(0, 60)}” is not a cue timing.` };
		const startMs = timestampMs(timing[1]);
		const endMs = timestampMs(timing[2]);
		const said = plainText(lines.slice(at + 1));
		if (endMs <= startMs || !said) continue;
		cues.push({ startMs, endMs, text: said });
		if (cues.length > CAPTIONS_MAX_CUES) {
			return { error: `At most ${CAPTIONS_MAX_CUES} captions per recording.` };
		}
	}
	if (cues.length === 0) return { error: 'That WebVTT file has no captions in it.' };
	return { cues: cues.sort((a, b) => a.startMs - b.startMs) };
}

function stamp(ms: number): string {
	const pad = (n: number, width = 2) => String(n).padStart(width, '0');
	const hours = Math.floor(ms / 3_600_000);
	const minutes = Math.floor(ms / 60_000) % 60;
	const seconds = Math.floor(ms / 1000) % 60;
	return `${pad(hours)}:${pad(minutes)}:${pad(seconds)}.${pad(ms % 1000, 3)}`;
}

/** Cues as a WebVTT file; the text is escaped, so nothing in it is read as markup. */
export function writeWebVtt(cues: CaptionCue[]): string {
	const escape = (t: string) =>
		t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
	const body = cues.map(
		(c) => `${stamp(c.startMs)} --> ${stamp(c.endMs)}\n${escape(c.text).replace(/\n{2,}/g, '\n')}`
	);
	return ['WEBVTT', ...body].join('\n\n') + '\n';
}
