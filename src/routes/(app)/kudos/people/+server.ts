import { json } from '@sveltejs/kit';
import { requirePerson } from '$lib/server/auth';
import { searchPeople } from '$lib/server/org';
import type { RequestHandler } from './$types';

/** Colleagues matching what is typed in "Recipients": a few, never the whole directory. */
export const GET: RequestHandler = async (event) => {
	const person = requirePerson(event);
	const query = (event.url.searchParams.get('q') ?? '').trim().slice(0, 80);
	if (query.length < 1) return json({ people: [] });
	const found = await searchPeople({ query }, 9);
	return json({
		people: found
			.filter((p) => p.id !== person.id)
			.slice(0, 8)
			.map((p) => ({ id: p.id, name: p.name, teamName: p.teamName }))
	});
};
