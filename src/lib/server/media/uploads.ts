// Resumable uploads with the tus protocol (`@tus/server`), answered from a SvelteKit
// endpoint: a recording streams in while it is made (deferred length), and any upload
// picks up where it stopped after a dropped network or a closed tab.
import { ERRORS, type Upload } from '@tus/utils';
import { Server } from '@tus/server';
import { useDb } from '../db/client';
import { mediaConfig } from '../config';
import { ServiceError } from '../errors';
import { finishMedia, mediaByStorageKey, mediaPurpose, plainMeta } from './files';
import { sharedUploadLocker } from './lock';
import { mediaFile } from './schema';
import { mediaStore } from './storage';
import { logFor } from '../log';

const log = logFor('media');

export const UPLOADS_PATH = '/api/uploads';

/** tus hooks see the request, not the session: the endpoint leaves the uploader here. */
const uploaders = new WeakMap<Request, number>();

interface TusRefusal {
	status_code: number;
	body: string;
}

const refusal = (status_code: number, body: string): TusRefusal => ({ status_code, body });

/** "4 GB", "500 MB": the limit as a person reads it. */
export function sizeInWords(bytes: number): string {
	const gb = bytes / 1024 ** 3;
	if (gb >= 1) return `${Number(gb.toFixed(1))} GB`;
	return `${Number((bytes / 1024 ** 2).toFixed(1))} MB`;
}

export function tooLargeMessage(): string {
	return `That file is larger than the ${sizeInWords(mediaConfig().maxBytes)} limit for recordings.`;
}

function uploaderOf(req: Request): number {
	const personId = uploaders.get(req);
	if (!personId) throw refusal(401, 'Sign in to upload recordings.');
	return personId;
}

async function onUploadCreate(req: Request, upload: Upload) {
	const personId = uploaderOf(req);
	const meta = plainMeta(upload.metadata);
	const purpose = mediaPurpose(meta.purpose ?? '');
	if (!purpose) throw refusal(400, 'Say what the recording is for (its purpose is unknown).');
	const refused = await purpose.accept?.(personId, meta);
	if (refused) throw refusal(400, refused);
	const durationMs = Number(meta.durationMs);
	await useDb()
		.insert(mediaFile)
		.values({
			ownerId: personId,
			purpose: meta.purpose,
			storageKey: upload.id,
			durationMs: Number.isInteger(durationMs) && durationMs > 0 ? durationMs : null
		});
	return {};
}

/** Every request after the first is about one upload: only its uploader may touch it. */
async function onIncomingRequest(req: Request, uploadId: string) {
	const personId = uploaderOf(req);
	if (req.method === 'POST') return;
	if (req.method === 'DELETE') throw refusal(405, 'Uploads cannot be deleted this way.');
	const media = await mediaByStorageKey(uploadId);
	if (!media || media.ownerId !== personId) throw refusal(404, 'No such upload.');
	if (media.status === 'failed') throw refusal(410, media.failure ?? 'This upload was refused.');
}

async function onUploadFinish(_req: Request, upload: Upload) {
	try {
		const media = await finishMedia(upload.id, plainMeta(upload.metadata));
		// tus allows no body on success; the Location-like header tells the page the file.
		return { headers: { 'Tandem-Media-Id': String(media.id) } };
	} catch (err) {
		if (err instanceof ServiceError) throw refusal(415, err.message);
		log.error({ error: err }, 'finishing an upload failed');
		throw refusal(500, 'The recording could not be saved. Please try again.');
	}
}

function onResponseError(_req: Request, err: Error | TusRefusal) {
	const status = 'status_code' in err ? err.status_code : 500;
	if (err === ERRORS.ERR_MAX_SIZE_EXCEEDED || status === 413)
		return refusal(413, tooLargeMessage());
	if (status >= 500 && !('body' in err && err.body.startsWith('The recording'))) {
		log.error({ error: err }, 'upload error');
	}
	return undefined;
}

let server: Server | undefined;

function tusServer(): Server {
	const datastore = mediaStore().uploads;
	if (server?.datastore === datastore) return server;
	server = new Server({
		path: UPLOADS_PATH,
		datastore,
		locker: sharedUploadLocker,
		maxSize: () => mediaConfig().maxBytes,
		relativeLocation: true,
		exposedHeaders: ['Tandem-Media-Id'],
		onUploadCreate,
		onIncomingRequest,
		onUploadFinish,
		onResponseError
	});
	return server;
}

/**
 * Answers a tus request for a signed-in person (null: refused with 401, nothing stored).
 * The endpoint under /api/uploads passes every method here.
 */
export async function handleUpload(request: Request, personId: number | null): Promise<Response> {
	if (!personId) {
		return new Response('Sign in to upload recordings.', {
			status: 401,
			headers: { 'content-type': 'text/plain; charset=utf-8', 'Tus-Resumable': '1.0.0' }
		});
	}
	uploaders.set(request, personId);
	return tusServer().handleWeb(request);
}
