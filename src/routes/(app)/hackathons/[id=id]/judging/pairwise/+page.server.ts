import { fail } from '@sveltejs/kit';
import { skipSchema } from '$lib/hackathons/judging';
import { requirePerson } from '$lib/server/auth';
import { emptyForm, readForm, refuse, validateForm } from '$lib/server/forms';
import {
	isJudge,
	nextPairwiseProject,
	pairwiseOf,
	pairwiseProblem,
	skipPairwiseProject,
	submissionDetail,
	undoLastPairwiseVote,
	votePairwise
} from '$lib/server/hackathons';
import { hackathonFromParams, hackathonIdOf, step } from '../../hackathon.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const person = requirePerson(event);
	const hackathonId = hackathonIdOf(event.params);
	const hackathon = await hackathonFromParams(event.params);
	const judge = await isJudge(person.id, hackathonId);
	const state = judge ? await pairwiseOf(hackathonId, person.id) : null;
	const [current, previous] = await Promise.all([
		state?.current ? submissionDetail(hackathonId, state.current) : null,
		state?.previous ? submissionDetail(hackathonId, state.previous) : null
	]);
	return {
		hackathon,
		judge,
		closed: pairwiseProblem(hackathon),
		state,
		current,
		previous,
		skip: await emptyForm(skipSchema, { id: 'skip' })
	};
};

export const actions: Actions = {
	next: async (event) => {
		const person = requirePerson(event);
		const id = hackathonIdOf(event.params);
		return step('next', null, () => nextPairwiseProject(person.id, id));
	},

	vote: async (event) => {
		const person = requirePerson(event);
		const id = hackathonIdOf(event.params);
		const verdict = (await readForm(event.request)).get('verdict');
		if (verdict !== 'better' && verdict !== 'worse') {
			return fail(400, { action: 'vote', key: null, message: 'Say better or worse.' });
		}
		return step('vote', null, () => votePairwise(person.id, id, verdict));
	},

	skip: async (event) => {
		const person = requirePerson(event);
		const id = hackathonIdOf(event.params);
		const form = await validateForm(event, skipSchema, { id: 'skip' });
		if (!form.valid) return fail(400, { form });
		try {
			await skipPairwiseProject(person.id, id, form.data.reason);
		} catch (err) {
			return refuse(form, err);
		}
		return { form: await emptyForm(skipSchema, { id: 'skip' }) };
	},

	undo: async (event) => {
		const person = requirePerson(event);
		const id = hackathonIdOf(event.params);
		return step('undo', null, () => undoLastPairwiseVote(person.id, id));
	}
};
