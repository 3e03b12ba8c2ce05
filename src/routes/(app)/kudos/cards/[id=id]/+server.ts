import { error, json } from '@sveltejs/kit';
import { routeId } from '$lib/ids';
import { requirePerson } from '$lib/server/auth';
import { kudosCard, kudosPosition } from '$lib/server/kudos';
import type { RequestHandler } from './$types';

/**
 * One card as the wall shows it, fetched by every open wall when it changes: computed once
 * per node at the room's position. A kudos that is gone (or hidden) is a 404: the wall
 * then drops its card.
 */
export const GET: RequestHandler = async (event) => {
	const person = requirePerson(event);
	const card = await kudosCard(routeId(event.params.id), person.id, await kudosPosition());
	if (!card) error(404, 'No such kudos.');
	return json({ card });
};
