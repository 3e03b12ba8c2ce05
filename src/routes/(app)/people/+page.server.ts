import { requirePerson } from '$lib/server/auth';
import { listDepartments } from '$lib/server/org';
import { searchPeople } from '$lib/server/org';
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
