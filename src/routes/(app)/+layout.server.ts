import { liveDependency } from '$lib/realtime/contract';
import { requirePerson } from '$lib/server/auth';
import { inboxSummary } from '$lib/server/notifications';
import { userRoom } from '$lib/server/realtime';
import { getWorkspace, WORKSPACE_ROOM } from '$lib/server/workspace';
import { adminNavigation, navigation } from '$lib/server/modules';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async (event) => {
	const person = requirePerson(event);
	event.depends(liveDependency(userRoom(person.id)), liveDependency(WORKSPACE_ROOM));
	// The settings' position is read (with the tray) before them: a rename in between is
	// heard, not missed. The settings are usually remembered, so this costs no statement.
	const { alsoSeq: workspaceAfter, ...inbox } = await inboxSummary(person.id, WORKSPACE_ROOM);
	const workspace = await getWorkspace();
	return {
		person,
		workspace: {
			name: workspace.name,
			timeZone: workspace.timeZone,
			isDemo: workspace.isDemo,
			after: workspaceAfter
		},
		theme: event.locals.theme,
		/** Each module's entry, from the registry. */
		modulesNav: navigation(),
		adminModulesNav: person.role === 'admin' ? adminNavigation() : [],
		inbox
	};
};
