import { error, fail, redirect } from '@sveltejs/kit';
import { setError } from 'sveltekit-superforms';
import { demoFormSchema } from '$lib/demos/schemas';
import { requirePerson } from '$lib/server/auth';
import { mayManageDemo, presentersFrom, updateDemo } from '$lib/server/demos';
import { emptyForm, refuse, validateForm } from '$lib/server/forms';
import { getWorkspace } from '$lib/server/workspace';
import { fromZonedInput, toZonedInput } from '$lib/zoned-time';
import { demoFromParams } from '../demo.server';
import type { Actions, PageServerLoad } from './$types';

const MANAGERS_ONLY = 'Only the presenters of this demo (or an admin) can edit it.';

export const load: PageServerLoad = async (event) => {
	const person = requirePerson(event);
	const { demoId, demo } = await demoFromParams(event.params);
	if (!(await mayManageDemo(person.id, demoId))) error(403, MANAGERS_ONLY);
	const { timeZone } = await getWorkspace();
	const form = await emptyForm(demoFormSchema);
	Object.assign(form.data, {
		title: demo.title,
		feature: demo.feature,
		presenterIds: demo.presenters.map((p) => p.id),
		presenters: '',
		description: demo.description,
		startsAt: toZonedInput(demo.startsAt, timeZone),
		lengthMinutes: demo.lengthMinutes,
		meetingUrl: demo.meetingUrl ?? '',
		series: demo.seriesTitle ?? '',
		everyWeeks: demo.everyWeeks ?? 2
	});
	return {
		form,
		timeZone,
		demo: { id: demo.id, title: demo.title, state: demo.state },
		presenters: demo.presenters
	};
};

export const actions: Actions = {
	default: async (event) => {
		const person = requirePerson(event);
		const { demoId } = await demoFromParams(event.params);
		if (!(await mayManageDemo(person.id, demoId))) error(403, MANAGERS_ONLY);
		const form = await validateForm(event, demoFormSchema);
		if (!form.valid) return fail(400, { form });
		const { timeZone } = await getWorkspace();
		const startsAt = fromZonedInput(form.data.startsAt, timeZone);
		if (!startsAt) return setError(form, 'startsAt', 'Choose a date and time.');
		try {
			const presenterIds = await presentersFrom(form.data);
			await updateDemo(person.id, demoId, { ...form.data, startsAt, presenterIds });
		} catch (err) {
			return refuse(form, err);
		}
		redirect(303, `/demos/${demoId}`);
	}
};
