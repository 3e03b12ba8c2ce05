import { fail } from '@sveltejs/kit';
import { assignSchema, conflictSchema, judgeSchema } from '$lib/hackathons/judging';
import { requirePerson } from '$lib/server/auth';
import { confirm, emptyForm, refuse, validateForm } from '$lib/server/forms';
import {
	addJudge,
	assignJudges,
	activeColleagues,
	conflictsOf,
	declareConflict,
	judgesOf,
	judgingOf,
	pairwiseRanking,
	prioritiseProject,
	rubricResults,
	teamsOf
} from '$lib/server/hackathons';
import { hackathonIdOf, liveHackathon, postedIdAndFlag, step } from '../hackathon.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { person, hackathonId, hackathon, organiser, after } = await liveHackathon(event);
	const [judges, teams] = await Promise.all([judgesOf(hackathonId), teamsOf(hackathonId)]);
	const judging = judges.some((j) => j.id === person.id)
		? await judgingOf(hackathonId, person.id)
		: null;
	const organising = organiser
		? {
				results: await rubricResults(hackathonId),
				pairwise: hackathon.judgingMode === 'rubric' ? null : await pairwiseRanking(hackathonId),
				conflicts: await conflictsOf(hackathonId),
				colleagues: (await activeColleagues())
					.filter((c) => !judges.some((j) => j.id === c.id))
					.map((c) => ({ value: c.id, label: c.name }))
			}
		: null;
	return {
		after,
		hackathon,
		judges,
		judging,
		organising,
		teams: teams.map((t) => ({ value: t.id, label: t.name })),
		forms: {
			judge: await emptyForm(judgeSchema, { id: 'judge' }),
			conflict: await emptyForm(conflictSchema, { id: 'conflict' }),
			assign: await emptyForm(assignSchema, {
				id: 'assign',
				data: { judgesPerSubmission: hackathon.judgesPerSubmission }
			})
		}
	};
};

export const actions: Actions = {
	judge: async (event) => {
		const person = requirePerson(event);
		const hackathonId = hackathonIdOf(event.params);
		const form = await validateForm(event, judgeSchema, { id: 'judge' });
		if (!form.valid) return fail(400, { form });
		try {
			await addJudge(person.id, hackathonId, form.data.personId);
		} catch (err) {
			return refuse(form, err);
		}
		return confirm(form, 'Judge added.');
	},

	conflict: async (event) => {
		const person = requirePerson(event);
		const hackathonId = hackathonIdOf(event.params);
		const form = await validateForm(event, conflictSchema, { id: 'conflict' });
		if (!form.valid) return fail(400, { form });
		try {
			await declareConflict(person.id, hackathonId, form.data);
		} catch (err) {
			return refuse(form, err);
		}
		return confirm(form, 'Conflict recorded.');
	},

	prioritise: async (event) => {
		const person = requirePerson(event);
		const hackathonId = hackathonIdOf(event.params);
		const { id, flag } = await postedIdAndFlag(event.request, 'submissionId', 'prioritised');
		if (!id)
			return fail(400, {
				action: 'prioritise',
				key: null,
				message: 'That project does not exist.'
			});
		return step('prioritise', id, () => prioritiseProject(person.id, hackathonId, id, flag));
	},

	assign: async (event) => {
		const person = requirePerson(event);
		const hackathonId = hackathonIdOf(event.params);
		const form = await validateForm(event, assignSchema, { id: 'assign' });
		if (!form.valid) return fail(400, { form });
		let added: number;
		try {
			added = await assignJudges(person.id, hackathonId, form.data.judgesPerSubmission);
		} catch (err) {
			return refuse(form, err);
		}
		return confirm(form, `${added} assignment${added === 1 ? '' : 's'} added.`);
	}
};
