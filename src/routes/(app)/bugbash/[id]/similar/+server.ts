import { json } from '@sveltejs/kit';
import { requirePerson } from '$lib/server/auth/guards';
import { similarBugs } from '$lib/server/bugbash/service';
import { bashFromParams } from '../bash.server';
import type { RequestHandler } from './$types';

/** Bugs that look like what someone is typing, so they can say "same bug" instead. */
export const GET: RequestHandler = async (event) => {
	requirePerson(event);
	const bash = await bashFromParams(event.params);
	const text = (event.url.searchParams.get('q') ?? '').slice(0, 200);
	return json({ bugs: await similarBugs(bash.id, text) });
};
