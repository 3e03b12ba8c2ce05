import { searchSchema } from '$lib/demos/schemas';
import { liveDependency } from '$lib/realtime/events';
import { requirePerson } from '$lib/server/auth';
import { commentCounts, DEMOS_ROOM, listDemos, searchDemos } from '$lib/server/demos';
import { latestSeq } from '$lib/server/realtime';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requirePerson(event);
	event.depends(liveDependency(DEMOS_ROOM));
	// The log position first: anything committed after it arrives as a live event.
	const after = await latestSeq(DEMOS_ROOM);
	const asked = searchSchema.safeParse(event.url.searchParams.get('q') ?? '');
	const query = asked.success ? asked.data : '';
	const [demos, hits] = await Promise.all([listDemos(), searchDemos(query)]);
	const counts = await commentCounts(demos.past.map((d) => d.id));
	return {
		after,
		query,
		queryError: asked.success ? null : 'Search for at most 200 characters.',
		hits,
		...demos,
		past: demos.past.map((d) => ({ ...d, comments: counts.get(d.id) ?? 0 }))
	};
};
