import { ESCALATION_STATUSES } from '$lib/escalations/schemas';
import { SEVERITIES } from '$lib/report';
import { parseId } from '$lib/ids';
import { requirePerson } from '$lib/server/auth';
import {
	assignablePeople,
	countEscalations,
	ESCALATIONS_ROOM,
	listEscalations,
	type EscalationFilters
} from '$lib/server/escalations';
import { liveDependency } from '$lib/realtime/contract';
import { latestSeq } from '$lib/server/realtime';
import { oneOf, pageOf, pagesFor } from '$lib/params';
import { escalationIdsBySlo, labelsInUse, sloStandingOf } from '$lib/server/slo';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 50;

/** The filters from the query string; anything unrecognised is ignored, not an error. */
function filtersFrom(params: URLSearchParams): EscalationFilters {
	const assignee = params.get('assignee');
	return {
		status: oneOf(params.get('status'), ESCALATION_STATUSES),
		severity: oneOf(params.get('severity'), SEVERITIES),
		customer: (params.get('customer') ?? '').trim().slice(0, 100) || undefined,
		assigneeId: assignee === 'none' ? null : (parseId(assignee) ?? undefined)
	};
}

const STANDINGS = ['soon', 'breached'] as const;
const SORTS = ['time_left'] as const;

/** The SLO filters and sort, which the SLO module answers as a list of ids. */
async function sloFiltersFrom(params: URLSearchParams, labels: string[]) {
	const standing = oneOf(params.get('slo'), STANDINGS);
	const label = oneOf(params.get('label'), labels);
	const sort = oneOf(params.get('sort'), SORTS);
	const ids = standing || label ? await escalationIdsBySlo({ standing, label }) : undefined;
	const firstInOrder = sort ? (ids ?? (await escalationIdsBySlo({}))) : undefined;
	return { standing, label, sort, ids, firstInOrder };
}

export const load: PageServerLoad = async (event) => {
	requirePerson(event);
	event.depends(liveDependency(ESCALATIONS_ROOM));
	const labels = await labelsInUse();
	const slo = await sloFiltersFrom(event.url.searchParams, labels);
	const filters = {
		...filtersFrom(event.url.searchParams),
		ids: slo.ids,
		firstInOrder: slo.firstInOrder
	};
	const { page, limit, offset } = pageOf(event.url.searchParams, PAGE_SIZE);
	// The log position first: anything committed after it arrives as a live event.
	const after = await latestSeq(ESCALATIONS_ROOM);
	const [escalations, total, people] = await Promise.all([
		listEscalations({ ...filters, limit, offset }),
		countEscalations(filters),
		assignablePeople()
	]);
	return {
		escalations,
		standing: await sloStandingOf(escalations.map((e) => e.id)),
		labels,
		total,
		page,
		pages: pagesFor(total, PAGE_SIZE),
		filters: {
			status: filters.status ?? '',
			severity: filters.severity ?? '',
			customer: filters.customer ?? '',
			assignee: filters.assigneeId === null ? 'none' : String(filters.assigneeId ?? ''),
			slo: slo.standing ?? '',
			label: slo.label ?? '',
			sort: slo.sort ?? ''
		},
		people: people.map((p) => ({ id: p.id, name: p.name })),
		after
	};
};
