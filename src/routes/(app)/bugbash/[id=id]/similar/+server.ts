import { json } from '@sveltejs/kit';
import { requirePerson } from '$lib/server/auth';
import { similarBugs } from '$lib/server/bugbash';
import { similarOpenEscalations } from '$lib/server/escalations';
import { bashFromParams } from '../bash.server';
import type { RequestHandler } from './$types';

/**
 * Bugs of the bash and open escalations that look like what someone is typing, so they
 * can say "same bug" instead of logging it again.
 */
export const GET: RequestHandler = async (event) => {
	requirePerson(event);
	const bash = await bashFromParams(event.params);
	const text = (event.url.searchParams.get('q') ?? '').slice(0, 200);
	const [bugs, escalations] = await Promise.all([
		similarBugs(bash.id, text),
		similarOpenEscalations(text)
	]);
	return json({ bugs, escalations });
};
