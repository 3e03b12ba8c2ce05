import { error } from '@sveltejs/kit';
import { routeId } from '$lib/ids';
import { mediaResponse, saveBrowserDetails } from '$lib/server/media';
import { ServiceError } from '$lib/server/errors';
import type { RequestHandler } from './$types';

// Recordings are for members only: a signed-out visitor gets 401 and never a byte.
export const GET: RequestHandler = (event) => {
	if (!event.locals.person) error(401, 'Sign in to watch recordings.');
	return mediaResponse(event.request, routeId(event.params.id));
};

export const HEAD = GET;

/**
 * Without ffmpeg on the server, the uploader's browser sends what it knows: the duration
 * (`?durationMs=`) and a canvas frame as the body (JPEG, PNG or WebP, up to 256 KB).
 */
export const PUT: RequestHandler = async (event) => {
	const person = event.locals.person;
	if (!person) error(401, 'Sign in to change recordings.');
	const raw = event.url.searchParams.get('durationMs');
	const length = Number(event.request.headers.get('content-length') ?? 0);
	if (length > 256 * 1024) error(413, 'The thumbnail is too large.');
	const body = new Uint8Array(await event.request.arrayBuffer());
	try {
		await saveBrowserDetails(person.id, routeId(event.params.id), {
			durationMs: raw === null ? undefined : Number(raw),
			thumbnail: body.byteLength > 0 ? body : undefined
		});
	} catch (err) {
		if (err instanceof ServiceError) error(400, err.message);
		throw err;
	}
	return new Response(null, { status: 204 });
};
