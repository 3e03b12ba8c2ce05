import { error } from '@sveltejs/kit';
import { routeId } from '$lib/ids';
import { bashWithOrganisers } from '$lib/server/bugbash';

/** The bash of the URL, or the 404 page when there is no such bash. */
export async function bashFromParams(params: { id: string }) {
	const bash = await bashWithOrganisers(routeId(params.id));
	if (!bash) error(404, 'No such bug bash.');
	return bash;
}
