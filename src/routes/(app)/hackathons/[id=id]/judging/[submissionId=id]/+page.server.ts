import { error, fail } from '@sveltejs/kit';
import { scoreSchema } from '$lib/hackathons/judging';
import { routeId } from '$lib/ids';
import { requirePerson } from '$lib/server/auth';
import { confirm, emptyForm, refuse, validateForm } from '$lib/server/forms';
import { criteriaOf, judgingOf, scoreSubmission, submissionDetail } from '$lib/server/hackathons';
import { hackathonFromParams, hackathonIdOf } from '../../hackathon.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const person = requirePerson(event);
	const hackathonId = hackathonIdOf(event.params);
	const submissionId = routeId(event.params.submissionId);
	const hackathon = await hackathonFromParams(event.params);
	const submission = await submissionDetail(hackathonId, submissionId);
	if (!submission) error(404, 'No such project in this hackathon.');
	const [criteria, judging] = await Promise.all([
		criteriaOf(hackathonId),
		judgingOf(hackathonId, person.id)
	]);
	const mine = judging.projects.find((p) => p.id === submissionId)?.scores ?? [];
	const given = new Map(mine.map((s) => [s.criterionId, s]));
	const form = await emptyForm(scoreSchema, {
		id: 'score',
		data: {
			scores: criteria.map((c) => ({
				criterionId: c.id,
				score: given.get(c.id)?.score ?? 0,
				note: given.get(c.id)?.note ?? ''
			}))
		}
	});
	return { hackathon, submission, criteria, form, scored: mine.length > 0 };
};

/** The scores as the form's own fields carry them, when it was posted without JavaScript. */
function postedScores(data: FormData) {
	const text = (name: string) => {
		const value = data.get(name);
		return typeof value === 'string' ? value : '';
	};
	return {
		scores: data.getAll('criterion').map((posted) => {
			const id = typeof posted === 'string' ? posted : '';
			return {
				criterionId: Number(id),
				score: Number(text(`score-${id}`) || 0),
				note: text(`note-${id}`)
			};
		})
	};
}

export const actions: Actions = {
	score: async (event) => {
		const person = requirePerson(event);
		const hackathonId = hackathonIdOf(event.params);
		const submissionId = routeId(event.params.submissionId);
		const form = await validateForm(event, scoreSchema, {
			id: 'score',
			json: true,
			plain: postedScores
		});
		if (!form.valid) return fail(400, { form });
		try {
			await scoreSubmission(person.id, hackathonId, submissionId, form.data);
		} catch (err) {
			return refuse(form, err);
		}
		return confirm(form, 'Scores saved. You can change them until judging closes.');
	}
};
