// Media files: who may attach what, checking the bytes, and marking a file ready (which
// hands it to the module that asked for it, in the same transaction).
import { and, eq, inArray } from 'drizzle-orm';
import { useDb, type Transaction } from '../db/client';
import { ServiceError } from '../errors';
import { withEvents, type RecordEvent } from '../realtime';
import { ffmpegAvailable, processVideo } from './ffmpeg';
import { mediaFile } from './schema';
import { mediaStore } from './storage';
import { logFor } from '../log';

const log = logFor('media');

export type MediaFile = typeof mediaFile.$inferSelect;

/** What a module does with a file of its purpose once it is ready (link it, tell its room). */
export type MediaReadyHandler = (
	media: MediaFile,
	meta: Record<string, string>,
	tx: Transaction,
	record: RecordEvent
) => Promise<void>;

export interface MediaPurpose {
	ready: MediaReadyHandler;
	/** Checked when the upload starts: a sentence refuses it (the escalation is gone, …). */
	accept?: (personId: number, meta: Record<string, string>) => Promise<string | null>;
}

const purposes = new Map<string, MediaPurpose>();

/** Registers what happens when a file of `purpose` is ready (a module's registry entry does it). */
export function onMediaReady(
	purpose: string,
	ready: MediaReadyHandler,
	accept?: MediaPurpose['accept']
): void {
	purposes.set(purpose, { ready, accept });
}

export function mediaPurpose(purpose: string): MediaPurpose | undefined {
	return purposes.get(purpose);
}

/** Where the browser fetches the video (ranges work there). */
export function mediaPath(id: number): string {
	return `/media/${id}`;
}

export function thumbnailPath(id: number): string {
	return `/media/${id}/thumbnail`;
}

/** A media file by id, null when there is none. */
export async function getMedia(id: number): Promise<MediaFile | null> {
	const [row] = await useDb().select().from(mediaFile).where(eq(mediaFile.id, id));
	return row ?? null;
}

export async function mediaByStorageKey(key: string): Promise<MediaFile | null> {
	const [row] = await useDb().select().from(mediaFile).where(eq(mediaFile.storageKey, key));
	return row ?? null;
}

export const NOT_A_VIDEO = 'That file is not a video we can play: choose a WebM or MP4 recording.';

/** The container a file's first bytes say it is (never the name or the browser's label). */
export function videoType(head: Uint8Array): 'video/webm' | 'video/mp4' | null {
	// EBML header: WebM and Matroska (browsers play Matroska with WebM's codecs as WebM).
	if (head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) {
		return 'video/webm';
	}
	// ISO base media: a box of type `ftyp` comes first in MP4 (and MOV) files.
	if (String.fromCharCode(...head.subarray(4, 8)) === 'ftyp') return 'video/mp4';
	return null;
}

const THUMBNAIL_TYPES: Record<string, string> = {
	jpg: 'image/jpeg',
	png: 'image/png',
	webp: 'image/webp'
};

export function thumbnailType(key: string): string {
	return THUMBNAIL_TYPES[key.split('.').pop() ?? ''] ?? 'application/octet-stream';
}

/** Only the text values of tus metadata (a key without value arrives as null). */
export function plainMeta(meta: Record<string, string | null> | undefined): Record<string, string> {
	return Object.fromEntries(
		Object.entries(meta ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string')
	);
}

/**
 * Checks a finished upload's bytes, runs the ffmpeg pass when there is one, and marks the
 * file ready while its purpose's handler links it, all or nothing. A file that is not a
 * video (or that the handler refuses) is removed and the row marked failed with the reason.
 */
export async function finishMedia(
	storageKey: string,
	meta: Record<string, string>
): Promise<MediaFile> {
	const media = await mediaByStorageKey(storageKey);
	if (!media) throw new ServiceError('That upload does not exist.');
	if (media.status === 'ready') return media;
	const store = mediaStore();
	const contentType = videoType(await store.head(storageKey, 64));
	if (!contentType) return refuseMedia(media, NOT_A_VIDEO);
	const details = await videoDetails(media, contentType);
	try {
		return await markReady(media, meta, { contentType, ...details });
	} catch (err) {
		if (err instanceof ServiceError) return refuseMedia(media, err.message);
		throw err;
	}
}

interface VideoDetails {
	sizeBytes: number;
	durationMs: number | null;
	thumbnailKey: string | null;
}

async function videoDetails(media: MediaFile, contentType: string): Promise<VideoDetails> {
	const store = mediaStore();
	const key = media.storageKey;
	const details: VideoDetails = {
		sizeBytes: (await store.size(key)) ?? 0,
		durationMs: media.durationMs,
		thumbnailKey: media.thumbnailKey
	};
	if (!ffmpegAvailable()) return details;
	const local = await store.localFile(key);
	const processed = await processVideo(local.path, contentType).catch((err) => {
		log.warn({ error: err }, 'the ffmpeg pass failed');
		return null;
	});
	try {
		if (processed?.remuxedPath) {
			await store.putFile(key, processed.remuxedPath, contentType);
			details.sizeBytes = (await store.size(key)) ?? details.sizeBytes;
		}
		if (processed?.durationMs) details.durationMs = processed.durationMs;
		if (processed?.thumbnail) {
			details.thumbnailKey = `${key}.thumb.jpg`;
			await store.putBytes(details.thumbnailKey, processed.thumbnail, 'image/jpeg');
		}
	} finally {
		await processed?.release();
		await local.release();
	}
	return details;
}

async function markReady(
	media: MediaFile,
	meta: Record<string, string>,
	values: VideoDetails & { contentType: string }
): Promise<MediaFile> {
	const purpose = purposes.get(media.purpose);
	return withEvents(async (tx, record) => {
		const [ready] = await tx
			.update(mediaFile)
			.set({ ...values, status: 'ready', failure: null, readyAt: new Date() })
			.where(eq(mediaFile.id, media.id))
			.returning();
		await purpose?.ready(ready, meta, tx, record);
		return ready;
	});
}

async function refuseMedia(media: MediaFile, reason: string): Promise<never> {
	await mediaStore()
		.remove(media.storageKey)
		.catch(() => {});
	await useDb()
		.update(mediaFile)
		.set({ status: 'failed', failure: reason })
		.where(eq(mediaFile.id, media.id));
	throw new ServiceError(reason);
}

/**
 * Stores a file the server already has (the demo seed, an import) and hands it to its
 * purpose's handler like an upload: the same checks, the same ffmpeg pass.
 */
export async function storeMediaFile(input: {
	ownerId: number;
	purpose: string;
	bytes: Uint8Array;
	meta?: Record<string, string>;
	durationMs?: number;
}): Promise<MediaFile> {
	if (!videoType(input.bytes)) throw new ServiceError(NOT_A_VIDEO);
	const storageKey = `s${crypto.randomUUID().replaceAll('-', '')}`;
	await mediaStore().putBytes(storageKey, input.bytes, 'application/octet-stream');
	await useDb()
		.insert(mediaFile)
		.values({
			ownerId: input.ownerId,
			purpose: input.purpose,
			storageKey,
			durationMs: input.durationMs ?? null
		});
	return finishMedia(storageKey, input.meta ?? {});
}

const MAX_THUMBNAIL_BYTES = 256 * 1024;
const THUMBNAIL_SIGNATURES: [string, number[]][] = [
	['jpg', [0xff, 0xd8, 0xff]],
	['png', [0x89, 0x50, 0x4e, 0x47]],
	['webp', [0x52, 0x49, 0x46, 0x46]]
];

/**
 * What the browser knows when ffmpeg is not there: the duration it recorded and a frame
 * from a canvas. Only the uploader may send them, and ffmpeg's findings are never replaced.
 */
export async function saveBrowserDetails(
	actorId: number,
	mediaId: number,
	input: { durationMs?: number; thumbnail?: Uint8Array }
): Promise<void> {
	const media = await getMedia(mediaId);
	if (!media || media.ownerId !== actorId) throw new ServiceError('No such recording.');
	const changes: Partial<MediaFile> = {};
	if (input.durationMs !== undefined && media.durationMs === null) {
		if (
			!Number.isInteger(input.durationMs) ||
			input.durationMs <= 0 ||
			input.durationMs > 2 ** 31 - 1
		) {
			throw new ServiceError('The duration must be a whole number of milliseconds.');
		}
		changes.durationMs = input.durationMs;
	}
	if (input.thumbnail && !media.thumbnailKey) {
		const bytes = input.thumbnail;
		const kind = THUMBNAIL_SIGNATURES.find(([, sig]) => sig.every((b, i) => bytes[i] === b));
		if (!kind) throw new ServiceError('The thumbnail must be a JPEG, PNG or WebP image.');
		if (bytes.byteLength > MAX_THUMBNAIL_BYTES)
			throw new ServiceError('The thumbnail is too large.');
		changes.thumbnailKey = `${media.storageKey}.thumb.${kind[0]}`;
		await mediaStore().putBytes(changes.thumbnailKey, bytes, thumbnailType(changes.thumbnailKey));
	}
	if (Object.keys(changes).length === 0) return;
	await useDb().update(mediaFile).set(changes).where(eq(mediaFile.id, mediaId));
}

/** Ready files by id, oldest first (a module reads its links, then these). */
export async function readyMedia(ids: number[]): Promise<MediaFile[]> {
	if (ids.length === 0) return [];
	return useDb()
		.select()
		.from(mediaFile)
		.where(and(inArray(mediaFile.id, ids), eq(mediaFile.status, 'ready')))
		.orderBy(mediaFile.id);
}
