import { json } from '@sveltejs/kit';
import { requirePerson } from '$lib/server/auth/guards';
import { kudosPosition, monthFigures } from '$lib/server/kudos/wall';
import type { RequestHandler } from './$types';

/** This month's figures, refetched by open walls as kudos arrive. */
export const GET: RequestHandler = async (event) => {
	requirePerson(event);
	return json(await monthFigures(await kudosPosition()));
};
