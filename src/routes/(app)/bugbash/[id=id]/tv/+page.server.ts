import { requirePerson } from '$lib/server/auth';
import { boardOf, standingsOf } from '$lib/server/bugbash';
import { bashRoom } from '$lib/server/bugbash';
import { liveDependency } from '$lib/realtime/contract';
import { latestSeq } from '$lib/server/realtime';
import { bashFromParams } from '../bash.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requirePerson(event);
	const bash = await bashFromParams(event.params);
	event.depends(liveDependency(bashRoom(bash.id)));
	const after = await latestSeq(bashRoom(bash.id));
	const [bugs, standings] = await Promise.all([boardOf(bash.id), standingsOf(bash.id)]);
	return { bash, bugs, standings, after };
};
