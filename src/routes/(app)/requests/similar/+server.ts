import { json } from '@sveltejs/kit';
import { requirePerson } from '$lib/server/auth';
import { similarRequests } from '$lib/server/requests';
import type { RequestHandler } from './$types';

/** Requests that look like the title someone is typing, so they add to one instead. */
export const GET: RequestHandler = async (event) => {
	requirePerson(event);
	const text = (event.url.searchParams.get('q') ?? '').slice(0, 200);
	return json({ requests: await similarRequests(text) });
};
