import { fail, redirect } from '@sveltejs/kit';
import { setError } from 'sveltekit-superforms';
import { bashFormSchema, bashSchema, splitAreas } from '$lib/bugbash/schemas';
import { requirePerson } from '$lib/server/auth';
import { createBash } from '$lib/server/bugbash';
import { refuse, validateForm, emptyForm } from '$lib/server/forms';
import { getWorkspace } from '$lib/server/workspace';
import { fromZonedInput, toZonedInput } from '$lib/zoned-time';
import type { Actions, PageServerLoad } from './$types';

const quarterHour = 15 * 60_000;

export const load: PageServerLoad = async (event) => {
	requirePerson(event);
	const { timeZone } = await getWorkspace();
	const form = await emptyForm(bashFormSchema);
	const start = new Date(Math.ceil(Date.now() / quarterHour) * quarterHour);
	form.data.startsAt = toZonedInput(start, timeZone);
	form.data.endsAt = toZonedInput(new Date(start.getTime() + 2 * 3_600_000), timeZone);
	return { form, timeZone };
};

export const actions: Actions = {
	default: async (event) => {
		const person = requirePerson(event);
		const form = await validateForm(event, bashFormSchema);
		if (!form.valid) return fail(400, { form });
		const { timeZone } = await getWorkspace();
		const { critical, high, medium, low, duplicate, firstBonus, ...rest } = form.data;
		const parsed = bashSchema.safeParse({
			...rest,
			areas: splitAreas(rest.areas),
			startsAt: fromZonedInput(rest.startsAt, timeZone),
			endsAt: fromZonedInput(rest.endsAt, timeZone),
			scoring: { critical, high, medium, low, duplicate, firstBonus }
		});
		if (!parsed.success) {
			const issue = parsed.error.issues[0];
			const field = String(issue.path[0] ?? 'title') as 'title';
			return setError(form, field in form.data ? field : 'title', issue.message);
		}
		let bashId: number;
		try {
			bashId = await createBash(person.id, parsed.data);
		} catch (err) {
			return refuse(form, err);
		}
		redirect(303, `/bugbash/${bashId}`);
	}
};
