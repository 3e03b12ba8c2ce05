import { error } from '@sveltejs/kit';
import { parseId } from '$lib/ids';
import { ServiceError } from '$lib/server/errors';
import { bashWithOrganisers } from '$lib/server/bugbash';

/** The bash of the URL, or the 404 page for an id that is not one. */
export async function bashFromParams(params: { id: string }) {
	const bashId = parseId(params.id);
	if (!bashId) error(404, 'That bug bash does not exist.');
	try {
		return await bashWithOrganisers(bashId);
	} catch (err) {
		if (err instanceof ServiceError) error(404, err.message);
		throw err;
	}
}
