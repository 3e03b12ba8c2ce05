import { error, json } from '@sveltejs/kit';
import { parseId } from '$lib/ids';
import { requirePerson } from '$lib/server/auth';
import { kudosCard, kudosPosition } from '$lib/server/kudos';
import type { RequestHandler } from './$types';

/**
 * One card as the wall shows it, fetched by every open wall when it changes: computed once
 * per node at the room's position.
 */
export const GET: RequestHandler = async (event) => {
	const person = requirePerson(event);
	const id = parseId(event.params.id);
	if (!id) error(404, 'No such kudos.');
	return json({ card: await kudosCard(id, person.id, await kudosPosition()) });
};
