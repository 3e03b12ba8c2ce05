import { json } from '@sveltejs/kit';
import { requirePerson } from '$lib/server/auth';
import { kudosPosition, monthFigures } from '$lib/server/kudos';
import type { RequestHandler } from './$types';

/** This month's figures, refetched by open walls as kudos arrive. */
export const GET: RequestHandler = async (event) => {
	requirePerson(event);
	return json(await monthFigures(await kudosPosition()));
};
