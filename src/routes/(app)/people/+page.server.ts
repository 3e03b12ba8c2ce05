import { error } from '@sveltejs/kit';
import { parseId } from '$lib/ids';
import { requirePerson } from '$lib/server/auth';
import { listDepartments } from '$lib/server/org';
import { ORG_ROOM, searchPeople } from '$lib/server/org';
import { liveDependency } from '$lib/realtime/contract';
import { latestSeq } from '$lib/server/realtime';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requirePerson(event);
	event.depends(liveDependency(ORG_ROOM));
	const after = await latestSeq(ORG_ROOM);
	const query = (event.url.searchParams.get('q') ?? '').slice(0, 100);
	const department = event.url.searchParams.get('department') || null;
	const departmentId = department === null ? undefined : parseId(department);
	// Only the department list's own values are asked for: anything else is a bad address.
	if (departmentId === null) error(400, 'Choose a department from the list.');
	const [people, departments] = await Promise.all([
		searchPeople({ query, departmentId }),
		listDepartments()
	]);
	return { people, departments, query, departmentId: departmentId ?? null, after };
};
