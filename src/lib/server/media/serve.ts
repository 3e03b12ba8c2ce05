// Serving media with HTTP ranges, so a video seeks (Safari asks for every byte by range).
// Bytes stream from the store: a 4 GB recording never sits in memory.
import { getMedia, thumbnailType, type MediaFile } from './files';
import { answerRange, rangeStillValid } from './ranges';
import { mediaStore } from './storage';

/** Strong validator: the id, the size and when it became ready change with the bytes. */
export function mediaEtag(media: MediaFile): string {
	return `"m${media.id}-${media.sizeBytes}-${media.readyAt?.getTime() ?? 0}"`;
}

const notFound = () =>
	new Response('No such recording.', {
		status: 404,
		headers: { 'content-type': 'text/plain; charset=utf-8' }
	});

/** The answer to GET or HEAD /media/<id> for a signed-in member. */
export async function mediaResponse(request: Request, mediaId: number): Promise<Response> {
	const media = await getMedia(mediaId);
	if (!media || media.status !== 'ready' || !media.contentType) return notFound();
	const size = media.sizeBytes;
	const etag = mediaEtag(media);
	const headers = new Headers({
		'content-type': media.contentType,
		'accept-ranges': 'bytes',
		etag,
		'last-modified': (media.readyAt ?? media.createdAt).toUTCString(),
		'cache-control': 'private, max-age=3600',
		'content-disposition': 'inline',
		'x-content-type-options': 'nosniff'
	});
	const range = request.headers.get('range');
	if (!range && request.headers.get('if-none-match') === etag) {
		return new Response(null, { status: 304, headers });
	}
	const answer = rangeStillValid(request.headers.get('if-range'), etag)
		? answerRange(range, size)
		: ({ kind: 'whole' } as const);
	if (answer.kind === 'unsatisfiable') {
		headers.set('content-range', `bytes */${size}`);
		headers.set('content-type', 'text/plain; charset=utf-8');
		return new Response(`That range is outside the file (${size} bytes).`, {
			status: 416,
			headers
		});
	}
	const head = request.method === 'HEAD';
	const store = mediaStore();
	if (answer.kind === 'partial') {
		const { start, end } = answer.range;
		headers.set('content-range', `bytes ${start}-${end}/${size}`);
		headers.set('content-length', String(end - start + 1));
		const body = head ? null : await store.read(media.storageKey, answer.range);
		return new Response(body, { status: 206, headers });
	}
	headers.set('content-length', String(size));
	const body = head || size === 0 ? null : await store.read(media.storageKey);
	return new Response(body, { status: 200, headers });
}

/** The recording's still (ffmpeg's frame or the browser's canvas), or 404. */
export async function thumbnailResponse(mediaId: number): Promise<Response> {
	const media = await getMedia(mediaId);
	if (!media?.thumbnailKey || media.status !== 'ready') return notFound();
	const store = mediaStore();
	const size = await store.size(media.thumbnailKey);
	if (size === null) return notFound();
	return new Response(await store.read(media.thumbnailKey), {
		headers: {
			'content-type': thumbnailType(media.thumbnailKey),
			'content-length': String(size),
			'cache-control': 'private, max-age=3600',
			'x-content-type-options': 'nosniff'
		}
	});
}
