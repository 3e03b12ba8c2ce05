import { fail, redirect } from '@sveltejs/kit';
import { setError } from 'sveltekit-superforms';
import { demoFormSchema } from '$lib/demos/schemas';
import { requirePerson } from '$lib/server/auth';
import { presentersFrom, scheduleDemo } from '$lib/server/demos';
import { emptyForm, refuse, validateForm } from '$lib/server/forms';
import { getWorkspace } from '$lib/server/workspace';
import { fromZonedInput, toZonedInput } from '$lib/zoned-time';
import type { Actions, PageServerLoad } from './$types';

const hour = 3_600_000;

export const load: PageServerLoad = async (event) => {
	const person = requirePerson(event);
	const { timeZone } = await getWorkspace();
	const form = await emptyForm(demoFormSchema);
	// Tomorrow on the hour, half an hour long, presented by whoever schedules it.
	const start = new Date(Math.ceil((Date.now() + 24 * hour) / hour) * hour);
	Object.assign(form.data, {
		startsAt: toZonedInput(start, timeZone),
		lengthMinutes: 30,
		presenterIds: [person.id],
		presenters: '',
		everyWeeks: 2
	});
	return { form, timeZone, presenters: [{ id: person.id, name: person.name }] };
};

export const actions: Actions = {
	default: async (event) => {
		const person = requirePerson(event);
		const form = await validateForm(event, demoFormSchema);
		if (!form.valid) return fail(400, { form });
		const { timeZone } = await getWorkspace();
		const startsAt = fromZonedInput(form.data.startsAt, timeZone);
		if (!startsAt) return setError(form, 'startsAt', 'Choose a date and time.');
		let demoId: number;
		try {
			const presenterIds = await presentersFrom(form.data);
			demoId = await scheduleDemo(person.id, { ...form.data, startsAt, presenterIds });
		} catch (err) {
			return refuse(form, err);
		}
		redirect(303, `/demos/${demoId}`);
	}
};
