import { requirePerson } from '$lib/server/auth';
import { searchPeople } from '$lib/server/org';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const person = requirePerson(event);
	const teammates = person.teamId
		? (await searchPeople({ teamId: person.teamId })).filter((p) => p.id !== person.id)
		: [];
	return { teammates };
};
