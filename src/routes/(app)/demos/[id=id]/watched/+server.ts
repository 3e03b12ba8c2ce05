import { error } from '@sveltejs/kit';
import { routeId } from '$lib/ids';
import { recordRecordingView } from '$lib/server/demos';
import { ServiceError } from '$lib/server/errors';
import type { RequestHandler } from './$types';

// The replay's player posts here the first time the recording plays: the demo's page
// says how many people watched it (each counted once).
export const POST: RequestHandler = async (event) => {
	const person = event.locals.person;
	if (!person) error(401, 'Sign in to watch recordings.');
	try {
		await recordRecordingView(person.id, routeId(event.params.id));
	} catch (err) {
		if (err instanceof ServiceError) error(404, err.message);
		throw err;
	}
	return new Response(null, { status: 204 });
};
