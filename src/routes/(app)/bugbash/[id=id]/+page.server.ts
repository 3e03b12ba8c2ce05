import { z } from 'zod';
import { requirePerson } from '$lib/server/auth';
import { coverageOf } from '$lib/bugbash/board';
import { bashPageBody, bashPageHead } from '$lib/server/bugbash';
import {
	addOrganiser,
	bashRoom,
	endBash,
	joinBash,
	reopenBash,
	startBash,
	whyNotReopen
} from '$lib/server/bugbash';
import { postedId, routeId } from '$lib/ids';
import { error } from '@sveltejs/kit';
import { buttonAction } from '$lib/server/forms';
import { searchPeople } from '$lib/server/org';
import { liveDependency } from '$lib/realtime/contract';
import { bashFromParams } from './bash.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const person = requirePerson(event);
	// The bash, whether the viewer takes part, and the log position first (one statement):
	// anything committed after it arrives as a live event.
	const head = await bashPageHead(routeId(event.params.id), person.id);
	if (!head) error(404, 'No such bug bash.');
	const { bash, joined, after } = head;
	event.depends(liveDependency(bashRoom(bash.id)));
	const isOrganiser = bash.organisers.some((o) => o.id === person.id);
	// Offered only when it would succeed; the service checks again when it is pressed.
	const mayReopen = !whyNotReopen(bash, isOrganiser || person.role === 'admin');
	const [{ bugs, standings }, people] = await Promise.all([
		bashPageBody(bash.id, after),
		isOrganiser ? searchPeople({}, 1000) : Promise.resolve([])
	]);
	// Colleagues an organiser can add as co-organisers.
	const colleagues = people
		.filter((p) => !bash.organisers.some((o) => o.id === p.id))
		.map((p) => ({ id: p.id, name: p.name }));
	return {
		bash,
		bugs,
		standings,
		coverage: coverageOf(bash.areas, bugs),
		after,
		isOrganiser,
		mayReopen,
		joined,
		colleagues
	};
};

const NOTHING = z.object({});
const COLLEAGUE = z.object({ personId: postedId('Choose the colleague to add.') });

export const actions: Actions = {
	start: async (event) => {
		const person = requirePerson(event);
		const bash = await bashFromParams(event.params);
		return buttonAction(event, { action: 'start', schema: NOTHING }, async () => {
			await startBash(person.id, bash.id);
			return 'The bash has started.';
		});
	},
	end: async (event) => {
		const person = requirePerson(event);
		const bash = await bashFromParams(event.params);
		return buttonAction(event, { action: 'end', schema: NOTHING, confirm: true }, async () => {
			await endBash(person.id, bash.id);
			return 'The bash has ended.';
		});
	},
	reopen: async (event) => {
		const person = requirePerson(event);
		const bash = await bashFromParams(event.params);
		return buttonAction(event, { action: 'reopen', schema: NOTHING, confirm: true }, async () => {
			await reopenBash(person.id, bash.id);
			return 'The bash is live again.';
		});
	},
	organiser: async (event) => {
		const person = requirePerson(event);
		const bash = await bashFromParams(event.params);
		return buttonAction(event, { action: 'organiser', schema: COLLEAGUE }, async (input) => {
			await addOrganiser(person.id, bash.id, input.personId);
			return 'Co-organiser added.';
		});
	},
	join: async (event) => {
		const person = requirePerson(event);
		const bash = await bashFromParams(event.params);
		return buttonAction(event, { action: 'join', schema: NOTHING }, async () => {
			await joinBash(person.id, bash.id);
			return 'You joined the bash.';
		});
	}
};
