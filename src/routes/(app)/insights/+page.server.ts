import { error } from '@sveltejs/kit';
import { requirePerson } from '$lib/server/auth';
import { insightSubjects, insightsView } from '$lib/server/insights';
import { insightsRequestFrom } from './params';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const viewer = requirePerson(event);
	const request = insightsRequestFrom(event.url.searchParams, viewer.id);
	if (!request) error(404, 'No such department, team or person.');
	// A person's own figures are theirs and admins' only: someone else's is "not found".
	const view = await insightsView(viewer, request);
	if (!view) error(404, 'No such department, team or person.');
	return { view, subjects: await insightSubjects(), viewerId: viewer.id };
};
