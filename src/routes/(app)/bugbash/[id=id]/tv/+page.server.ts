import { requirePerson } from '$lib/server/auth';
import { boardOf, standingsOf } from '$lib/server/bugbash';
import { bashRoom } from '$lib/server/bugbash';
import { latestSeq } from '$lib/server/realtime';
import { bashFromParams } from '../bash.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requirePerson(event);
	event.depends('tandem:bugbash');
	const bash = await bashFromParams(event.params);
	const after = await latestSeq(bashRoom(bash.id));
	const [bugs, standings] = await Promise.all([boardOf(bash.id), standingsOf(bash.id)]);
	return { bash, bugs, standings, after };
};
