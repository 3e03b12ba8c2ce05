import { requirePerson } from '$lib/server/auth/guards';
import { listDepartments } from '$lib/server/org/teams';
import { searchPeople } from '$lib/server/org/people';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requirePerson(event);
	const query = (event.url.searchParams.get('q') ?? '').slice(0, 100);
	const departmentId = Number(event.url.searchParams.get('department')) || undefined;
	const [people, departments] = await Promise.all([
		searchPeople({ query, departmentId }),
		listDepartments()
	]);
	return { people, departments, query, departmentId: departmentId ?? null };
};
