import { fail } from '@sveltejs/kit';
import { requirePerson } from '$lib/server/auth';
import { coverageOf } from '$lib/bugbash/board';
import { boardOf, standingsOf } from '$lib/server/bugbash';
import {
	addOrganiser,
	bashRoom,
	endBash,
	isParticipant,
	joinBash,
	startBash
} from '$lib/server/bugbash';
import { parseId } from '$lib/ids';
import { searchPeople } from '$lib/server/org';
import { ServiceError } from '$lib/server/errors';
import { liveDependency } from '$lib/realtime/contract';
import { latestSeq } from '$lib/server/realtime';
import { bashFromParams } from './bash.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const person = requirePerson(event);
	const bash = await bashFromParams(event.params);
	event.depends(liveDependency(bashRoom(bash.id)));
	// The log position first: anything committed after it arrives as a live event.
	const after = await latestSeq(bashRoom(bash.id));
	const isOrganiser = bash.organisers.some((o) => o.id === person.id);
	const [bugs, standings, joined, people] = await Promise.all([
		boardOf(bash.id),
		standingsOf(bash.id),
		isParticipant(person.id, bash.id),
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
		joined,
		colleagues
	};
};

/** Runs an organiser's lifecycle step; a refusal comes back as the page's message. */
async function step(run: () => Promise<void>) {
	try {
		await run();
	} catch (err) {
		if (err instanceof ServiceError) return fail(400, { lifecycleError: err.message });
		throw err;
	}
	return { done: true };
}

export const actions: Actions = {
	start: async (event) => {
		const person = requirePerson(event);
		const bash = await bashFromParams(event.params);
		return step(() => startBash(person.id, bash.id));
	},
	end: async (event) => {
		const person = requirePerson(event);
		const bash = await bashFromParams(event.params);
		return step(() => endBash(person.id, bash.id));
	},
	organiser: async (event) => {
		const person = requirePerson(event);
		const bash = await bashFromParams(event.params);
		const personId = parseId((await event.request.formData()).get('personId'));
		if (!personId) return fail(400, { lifecycleError: 'Choose the colleague to add.' });
		return step(() => addOrganiser(person.id, bash.id, personId));
	},
	join: async (event) => {
		const person = requirePerson(event);
		const bash = await bashFromParams(event.params);
		return step(() => joinBash(person.id, bash.id));
	}
};
