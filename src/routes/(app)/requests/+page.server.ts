import { pageOf, pagesFor } from '$lib/params';
import { liveDependency } from '$lib/realtime/contract';
import { requirePerson } from '$lib/server/auth';
import { latestSeq } from '$lib/server/realtime';
import { countRequests, listRequests, requestAreas, REQUESTS_ROOM } from '$lib/server/requests';
import { requestFiltersFrom } from './filters';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 50;

export const load: PageServerLoad = async (event) => {
	requirePerson(event);
	event.depends(liveDependency(REQUESTS_ROOM));
	const filters = requestFiltersFrom(event.url.searchParams);
	const { page, limit, offset } = pageOf(event.url.searchParams, PAGE_SIZE);
	// The log position first: anything committed after it arrives as a live event.
	const after = await latestSeq(REQUESTS_ROOM);
	const [requests, total, areas] = await Promise.all([
		listRequests({ ...filters, limit, offset }),
		countRequests(filters),
		requestAreas()
	]);
	return {
		requests,
		total,
		areas,
		page,
		pages: pagesFor(total, PAGE_SIZE),
		filters: { status: filters.status ?? '', area: filters.area ?? '', sort: filters.sort },
		after
	};
};
