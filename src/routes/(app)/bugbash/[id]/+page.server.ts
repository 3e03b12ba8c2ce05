import { fail } from '@sveltejs/kit';
import { requirePerson } from '$lib/server/auth/guards';
import { coverageOf } from '$lib/bugbash';
import { boardOf, standingsOf } from '$lib/server/bugbash/queries';
import { bashRoom, endBash, joinBash, startBash } from '$lib/server/bugbash/service';
import { ServiceError } from '$lib/server/errors';
import { latestSeq } from '$lib/server/realtime/events';
import { bashFromParams } from './bash.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const person = requirePerson(event);
	event.depends('tandem:bugbash');
	const bash = await bashFromParams(event.params);
	// The log position first: anything committed after it arrives as a live event.
	const after = await latestSeq(bashRoom(bash.id));
	const [bugs, standings] = await Promise.all([boardOf(bash.id), standingsOf(bash.id)]);
	return {
		bash,
		bugs,
		standings,
		coverage: coverageOf(bash.areas, bugs),
		after,
		isOrganiser: bash.organisers.some((o) => o.id === person.id)
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
		const bashId = Number(event.params.id);
		return step(() => startBash(person.id, bashId));
	},
	end: async (event) => {
		const person = requirePerson(event);
		const bashId = Number(event.params.id);
		return step(() => endBash(person.id, bashId));
	},
	join: async (event) => {
		const person = requirePerson(event);
		const bashId = Number(event.params.id);
		return step(() => joinBash(person.id, bashId));
	}
};
