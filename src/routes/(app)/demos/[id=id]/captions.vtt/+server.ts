import { error } from '@sveltejs/kit';
import { routeId } from '$lib/ids';
import { requirePerson } from '$lib/server/auth';
import { captionsFile } from '$lib/server/demos';
import type { RequestHandler } from './$types';

/** The recording's captions for the player's <track>: members only, like the recording. */
export const GET: RequestHandler = async (event) => {
	requirePerson(event);
	const text = await captionsFile(routeId(event.params.id));
	if (text === null) error(404, 'This demo has no captions.');
	return new Response(text, {
		headers: { 'content-type': 'text/vtt; charset=utf-8', 'cache-control': 'private, no-cache' }
	});
};
