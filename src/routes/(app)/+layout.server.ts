import { liveDependency } from '$lib/realtime/contract';
import { requirePerson } from '$lib/server/auth';
import { inboxSummary } from '$lib/server/notifications';
import { userRoom } from '$lib/server/realtime';
import { getWorkspace } from '$lib/server/workspace';
import { adminNavigation, navigation } from '$lib/server/modules';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async (event) => {
	const person = requirePerson(event);
	event.depends(liveDependency(userRoom(person.id)));
	const [workspace, inbox] = await Promise.all([getWorkspace(), inboxSummary(person.id)]);
	return {
		person,
		workspace: { name: workspace.name, isDemo: workspace.isDemo },
		theme: event.locals.theme,
		/** Each module's entry, from the registry. */
		modulesNav: navigation(),
		adminModulesNav: person.role === 'admin' ? adminNavigation() : [],
		inbox
	};
};
