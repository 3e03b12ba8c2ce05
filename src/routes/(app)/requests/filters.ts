// The list's filters and order from the query string; anything unrecognised is ignored.
import { oneOf } from '$lib/params';
import { REQUEST_SORTS, REQUEST_STATUSES } from '$lib/requests/schemas';

export function requestFiltersFrom(params: URLSearchParams) {
	return {
		status: oneOf(params.get('status'), REQUEST_STATUSES),
		area: (params.get('area') ?? '').trim().slice(0, 60) || undefined,
		sort: oneOf(params.get('sort'), REQUEST_SORTS) ?? 'arr'
	};
}
