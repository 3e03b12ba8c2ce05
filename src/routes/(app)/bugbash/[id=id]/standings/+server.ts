import { json } from '@sveltejs/kit';
import { requirePerson } from '$lib/server/auth';
import { standingsOf } from '$lib/server/bugbash';
import { bashFromParams } from '../bash.server';
import type { RequestHandler } from './$types';

/** The bash leaderboards, fetched by open boards when points move. */
export const GET: RequestHandler = async (event) => {
	requirePerson(event);
	const bash = await bashFromParams(event.params);
	return json(await standingsOf(bash.id));
};
