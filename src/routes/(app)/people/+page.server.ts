import { error } from '@sveltejs/kit';
import { parseId } from '$lib/ids';
import { requirePerson } from '$lib/server/auth';
import { listDepartments, listTeams } from '$lib/server/org';
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
	// `team` comes from the home page's "and N more" link.
	const teamParam = event.url.searchParams.get('team') || null;
	const teamId = teamParam === null ? undefined : parseId(teamParam);
	if (teamId === null) error(404, 'That team does not exist.');
	const [people, departments, teams] = await Promise.all([
		searchPeople({ query, departmentId, teamId }),
		listDepartments(),
		teamId === undefined ? Promise.resolve([]) : listTeams()
	]);
	const team = teams.find((t) => t.id === teamId);
	if (teamId !== undefined && !team) error(404, 'That team does not exist.');
	return {
		people,
		departments,
		query,
		departmentId: departmentId ?? null,
		team: team ? { id: team.id, name: team.name, leadName: team.leadName } : null,
		after
	};
};
