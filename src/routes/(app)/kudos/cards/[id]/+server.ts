import { error, json } from '@sveltejs/kit';
import { parseId } from '$lib/ids';
import { requirePerson } from '$lib/server/auth/guards';
import { kudosCard } from '$lib/server/kudos/wall';
import type { RequestHandler } from './$types';

/** One card as the wall shows it, fetched by open walls when it changes. */
export const GET: RequestHandler = async (event) => {
	const person = requirePerson(event);
	const id = parseId(event.params.id);
	if (!id) error(404, 'No such kudos.');
	return json({ card: await kudosCard(id, person.id) });
};
