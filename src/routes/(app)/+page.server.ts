import { requirePerson } from '$lib/server/auth';
import { BUGBASHES_ROOM, listBashes, openBugsOf, triageWaitingFor } from '$lib/server/bugbash';
import { ESCALATIONS_ROOM, openEscalationsOf } from '$lib/server/escalations';
import { allowanceOf, KUDOS_ROOM, recentKudosFor } from '$lib/server/kudos';
import { balanceOf } from '$lib/server/ledger';
import { teammatesOf } from '$lib/server/org';
import { openActionItemsOf } from '$lib/server/sync';
import { latestSeqs } from '$lib/server/realtime';
import { liveDependency } from '$lib/realtime/events';
import { buttonAction } from '$lib/server/forms';
import { dismissChecklist, getWorkspace, WORKSPACE_ROOM } from '$lib/server/workspace';
import { z } from 'zod';
import { firstRunChecklist } from './home/checklist.server';
import type { Actions, PageServerLoad } from './$types';

/** The rooms the home page follows; each one's position is read before the data. */
const ROOMS = [BUGBASHES_ROOM, ESCALATIONS_ROOM, KUDOS_ROOM] as const;

/** The person's day: what is live, what is next, what is theirs and what waits on them. */
export const load: PageServerLoad = async (event) => {
	const person = requirePerson(event);
	// The layout follows the workspace room: a saved name or zone ticks the checklist.
	event.depends(
		'tandem:home',
		liveDependency(WORKSPACE_ROOM),
		...ROOMS.map((room) => liveDependency(room))
	);
	const positions = await latestSeqs(ROOMS);
	const [bashes, bugs, triage, escalations, kudos, allowance, balance, team, actionItems] =
		await Promise.all([
			listBashes(person.id),
			openBugsOf(person.id),
			triageWaitingFor(person.id),
			openEscalationsOf(person.id),
			recentKudosFor(person.id, person.teamId),
			allowanceOf(person.id),
			balanceOf(person.id),
			person.teamId
				? teammatesOf(person.id, person.teamId)
				: Promise.resolve({ people: [], total: 0, lead: null }),
			openActionItemsOf(person.id)
		]);
	const checklist = await firstRunChecklist(person, await getWorkspace(), bashes.length);
	const live = bashes.filter((b) => b.state === 'live');
	return {
		rooms: ROOMS.map((room, i) => ({ room, after: positions[i] })),
		checklist,
		live,
		upcoming: bashes.filter((b) => b.state === 'scheduled').slice(0, 3),
		bugs,
		triage,
		escalations,
		kudos: kudos.map(({ id, giverName, message, valueName, points, createdAt, recipients }) => ({
			id,
			giverName,
			message,
			valueName,
			points,
			createdAt,
			recipients: recipients.map((r) => r.name)
		})),
		allowance: allowance.remaining,
		balance,
		// A few names and a count: a 285-person team made the page 83 KB when all were listed.
		teammates: team.people,
		teammateCount: team.total,
		teamLead: team.lead && { name: team.lead.name, isYou: team.lead.id === person.id },
		teamId: person.teamId,
		actionItems
	};
};

export const actions: Actions = {
	/** An admin puts the first-run checklist away for good. */
	dismissChecklist: async (event) => {
		const person = requirePerson(event);
		return buttonAction(event, { action: 'dismissChecklist', schema: z.object({}) }, async () => {
			await dismissChecklist(person.id);
			return 'The checklist is hidden.';
		});
	}
};
