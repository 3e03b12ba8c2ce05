import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { postedId } from '$lib/ids';
import { recognitionSchema } from '$lib/ledger/schemas';
import { requireAdmin } from '$lib/server/auth';
import { buttonAction, confirm, emptyForm, refuse, validateForm } from '$lib/server/forms';
import { grantRecognition, recentRecognition, reverseRecognition } from '$lib/server/ledger';
import { searchPeople } from '$lib/server/org';
import type { Actions, PageServerLoad } from './$types';

async function freshForm() {
	const form = await emptyForm(recognitionSchema, { id: 'recognition' });
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

const GRANT = z.object({ entryId: postedId('Choose the grant to reverse.') });

export const actions: Actions = {
	grant: async (event) => {
		const admin = requireAdmin(event);
		const form = await validateForm(event, recognitionSchema, { id: 'recognition' });
		if (!form.valid) return fail(400, { form });
		try {
			const { granted } = await grantRecognition({ ...form.data, actorId: admin.id });
			const text = granted
				? `${form.data.points} points granted.`
				: 'Those points were already granted.';
			// Ready for the next grant: a new id, so it is not taken for a repeat of this one.
			form.data = { ...form.data, grantId: crypto.randomUUID(), points: 0, reason: '' };
			return confirm(form, text);
		} catch (err) {
			return refuse(form, err);
		}
	},

	reverse: async (event) => {
		const admin = requireAdmin(event);
		return buttonAction(
			event,
			{ action: 'reverse', schema: GRANT, row: 'entryId' },
			async (input) => {
				await reverseRecognition(input.entryId, admin.id);
				return 'Grant reversed.';
			}
		);
	}
};
