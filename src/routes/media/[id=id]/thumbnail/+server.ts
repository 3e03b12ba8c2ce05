import { error } from '@sveltejs/kit';
import { routeId } from '$lib/ids';
import { thumbnailResponse } from '$lib/server/media';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => {
	if (!event.locals.person) error(401, 'Sign in to see recordings.');
	return thumbnailResponse(routeId(event.params.id));
};
