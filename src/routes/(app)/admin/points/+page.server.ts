import { fail } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { recognitionSchema } from '$lib/ledger/schemas';
import { requireAdmin } from '$lib/server/auth';
import { ServiceError } from '$lib/server/errors';
import { refuse } from '$lib/server/forms';
import { grantRecognition, recentRecognition, reverseRecognition } from '$lib/server/ledger';
import { searchPeople } from '$lib/server/org';
import type { Actions, PageServerLoad } from './$types';

async function freshForm() {
	const form = await superValidate(zod4(recognitionSchema), { id: 'recognition' });
	form.data.grantId = crypto.randomUUID();
	return form;
}

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const [people, grants] = await Promise.all([searchPeople({}, 1000), recentRecognition()]);
	return {
		people: people.map((p) => ({ id: p.id, name: p.name, teamName: p.teamName })),
		grants,
		form: await freshForm()
	};
};

export const actions: Actions = {
	grant: async (event) => {
		const admin = requireAdmin(event);
		const form = await superValidate(event.request, zod4(recognitionSchema), { id: 'recognition' });
		if (!form.valid) return fail(400, { form });
		try {
			const { granted } = await grantRecognition({ ...form.data, actorId: admin.id });
			const text = granted
				? `${form.data.points} points granted.`
				: 'Those points were already granted.';
			// Ready for the next grant: a new id, so it is not taken for a repeat of this one.
			form.data = { ...form.data, grantId: crypto.randomUUID(), points: 0, reason: '' };
			return message(form, { type: 'success' as const, text });
		} catch (err) {
			return refuse(form, err);
		}
	},

	reverse: async (event) => {
		const admin = requireAdmin(event);
		const entryId = Number((await event.request.formData()).get('entryId'));
		try {
			await reverseRecognition(entryId, admin.id);
		} catch (err) {
			if (err instanceof ServiceError)
				return fail(400, { reverseError: { entryId, message: err.message } });
			throw err;
		}
		return { reversed: entryId };
	}
};
