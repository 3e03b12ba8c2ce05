import { json } from '@sveltejs/kit';
import { requirePerson } from '$lib/server/auth';
import { searchPeople } from '$lib/server/org';
import type { RequestHandler } from './$types';

/** Colleagues matching what is typed in "Presenters" (yourself included): a few at most. */
export const GET: RequestHandler = async (event) => {
	requirePerson(event);
	const query = (event.url.searchParams.get('q') ?? '').trim().slice(0, 80);
	if (query.length < 1) return json({ people: [] });
	const found = await searchPeople({ query }, 8);
	return json({ people: found.map((p) => ({ id: p.id, name: p.name, teamName: p.teamName })) });
};
