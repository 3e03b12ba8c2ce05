import { requirePerson } from '$lib/server/auth';
import { summaryOf } from '$lib/server/bugbash';
import { bashFromParams } from '../bash.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requirePerson(event);
	const bash = await bashFromParams(event.params);
	return { summary: await summaryOf(bash.id), organisers: bash.organisers };
};
