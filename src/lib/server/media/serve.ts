// Serving media with HTTP ranges, so a video seeks (Safari asks for every byte by range).
// Bytes stream from the store: a 4 GB recording never sits in memory.
import { getMedia, thumbnailType, type MediaFile } from './files';
import { answerRange, rangeStillValid } from './ranges';
import { mediaStore } from './storage';

/** Strong validator: the id, the size and when it became ready change with the bytes. */
export function mediaEtag(media: MediaFile): string {
	return `"m${media.id}-${media.sizeBytes}-${media.readyAt?.getTime() ?? 0}"`;
}

/**
 * The most an open range (`bytes=N-`, what a seeking video asks for) is answered with: the
 * browser asks for the next piece as it plays. Without a cap every seek streams the rest
 * of the file until the player drops the connection, and fifty viewers seeking at once
 * pushed gigabytes through the event loop (time to first byte p99 over 2 s).
 */
export const OPEN_RANGE_BYTES = 2 * 1024 * 1024;

/** An open range cut to `OPEN_RANGE_BYTES` (RFC 9110 lets a server send less than asked). */
function capped(range: { start: number; end: number }, header: string | null) {
	if (!header || !/-\s*$/.test(header) || /=\s*-/.test(header)) return range;
	return { start: range.start, end: Math.min(range.end, range.start + OPEN_RANGE_BYTES - 1) };
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
		const { start, end } = capped(answer.range, range);
		headers.set('content-range', `bytes ${start}-${end}/${size}`);
		headers.set('content-length', String(end - start + 1));
		const body = head ? null : await store.read(media.storageKey, { start, end });
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
