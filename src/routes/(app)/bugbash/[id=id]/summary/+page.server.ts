import { requirePerson } from '$lib/server/auth';
import { bashRoom, summaryOf } from '$lib/server/bugbash';
import { liveDependency } from '$lib/realtime/contract';
import { latestSeq } from '$lib/server/realtime';
import { bashFromParams } from '../bash.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requirePerson(event);
	const bash = await bashFromParams(event.params);
	event.depends(liveDependency(bashRoom(bash.id)));
	// The log position first: anything committed after it arrives as a live event.
	const after = await latestSeq(bashRoom(bash.id));
	return { summary: await summaryOf(bash.id), organisers: bash.organisers, after };
};
