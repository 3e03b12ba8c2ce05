import { requirePerson } from '$lib/server/auth';
import { BUGBASHES_ROOM, listBashes } from '$lib/server/bugbash';
import { liveDependency } from '$lib/realtime/contract';
import { latestSeq } from '$lib/server/realtime';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requirePerson(event);
	event.depends(liveDependency(BUGBASHES_ROOM));
	const after = await latestSeq('bugbashes');
	const bashes = await listBashes();
	return {
		after,
		live: bashes.filter((b) => b.state === 'live'),
		upcoming: bashes.filter((b) => b.state === 'scheduled'),
		past: bashes.filter((b) => b.state === 'ended').reverse()
	};
};
