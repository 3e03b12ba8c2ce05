// A recording's captions: a presenter uploads a WebVTT file (it replaces the previous
// one); the player reads them back as WebVTT and search finds what was said.
import { asc, count, eq } from 'drizzle-orm';
import { CAPTIONS_MAX_BYTES, parseWebVtt, writeWebVtt, type CaptionCue } from '$lib/demos/webvtt';
import { useDb } from '../db/client';
import { ServiceError } from '../errors';
import { withEvents } from '../realtime';
import { DEMOS_ROOM, demoRoom } from './events';
import { demoCaptionCue } from './schema';
import { lockDemo, requireManager } from './service';

/** Presenters replace the recording's captions with an uploaded WebVTT file's; answers the cue count. */
export async function saveCaptions(actorId: number, demoId: number, bytes: Uint8Array) {
	if (bytes.byteLength > CAPTIONS_MAX_BYTES) {
		throw new ServiceError('That captions file is larger than 1 MB.', 'captions');
	}
	let source: string;
	try {
		source = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		throw new ServiceError('That is not a WebVTT file: it is not UTF-8 text.', 'captions');
	}
	const parsed = parseWebVtt(source);
	if ('error' in parsed) throw new ServiceError(parsed.error, 'captions');
	return withEvents(async (tx, record) => {
		await requireManager(tx, actorId, demoId);
		const row = await lockDemo(tx, demoId);
		if (!row.recordingMediaId) {
			throw new ServiceError('Add the recording first: captions go with it.', 'captions');
		}
		await tx.delete(demoCaptionCue).where(eq(demoCaptionCue.demoId, demoId));
		for (let i = 0; i < parsed.cues.length; i += 500) {
			const slice = parsed.cues.slice(i, i + 500);
			await tx.insert(demoCaptionCue).values(slice.map((c) => ({ demoId, ...c })));
		}
		await record(DEMOS_ROOM, 'demo.changed', { demoId }, actorId);
		await record(demoRoom(demoId), 'demo.changed', { demoId }, actorId);
		return parsed.cues.length;
	});
}

/** The captions' cues in order (times in the recording). */
export async function captionCues(demoId: number): Promise<CaptionCue[]> {
	return useDb()
		.select({
			startMs: demoCaptionCue.startMs,
			endMs: demoCaptionCue.endMs,
			text: demoCaptionCue.text
		})
		.from(demoCaptionCue)
		.where(eq(demoCaptionCue.demoId, demoId))
		.orderBy(asc(demoCaptionCue.startMs), asc(demoCaptionCue.id));
}

/** The captions as a WebVTT file for the player, null when there are none. */
export async function captionsFile(demoId: number): Promise<string | null> {
	const cues = await captionCues(demoId);
	return cues.length ? writeWebVtt(cues) : null;
}

/** How many cues the demo's captions have (0: none). */
export async function captionCount(demoId: number): Promise<number> {
	const [row] = await useDb()
		.select({ n: count() })
		.from(demoCaptionCue)
		.where(eq(demoCaptionCue.demoId, demoId));
	return Number(row?.n ?? 0);
}
