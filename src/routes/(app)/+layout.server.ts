import { requirePerson } from '$lib/server/auth/guards';
import { inboxSummary } from '$lib/server/notifications';
import { getWorkspace } from '$lib/server/workspace';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async (event) => {
	const person = requirePerson(event);
	const [workspace, inbox] = await Promise.all([getWorkspace(), inboxSummary(person.id)]);
	return {
		person,
		workspace: { name: workspace.name, isDemo: workspace.isDemo },
		theme: event.locals.theme,
		inbox
	};
};
