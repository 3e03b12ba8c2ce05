import { requirePerson } from '$lib/server/auth';
import { listBashes } from '$lib/server/bugbash';
import { latestSeq } from '$lib/server/realtime';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requirePerson(event);
	event.depends('tandem:bugbashes');
	const after = await latestSeq('bugbashes');
	const bashes = await listBashes();
	return {
		after,
		live: bashes.filter((b) => b.state === 'live'),
		upcoming: bashes.filter((b) => b.state === 'scheduled'),
		past: bashes.filter((b) => b.state === 'ended').reverse()
	};
};
