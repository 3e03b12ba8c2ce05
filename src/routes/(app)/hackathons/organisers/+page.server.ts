import { fail } from '@sveltejs/kit';
import { message } from 'sveltekit-superforms';
import { grantSchema } from '$lib/hackathons/schemas';
import { parseId } from '$lib/ids';
import { requireAdmin } from '$lib/server/auth';
import { ServiceError } from '$lib/server/errors';
import { emptyForm, readForm, refuse, validateForm } from '$lib/server/forms';
import { organisingGrants, setOrganisingGrant } from '$lib/server/hackathons';
import { searchPeople } from '$lib/server/org';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const [grants, people] = await Promise.all([organisingGrants(), searchPeople({}, 1000)]);
	const granted = new Set(grants.map((g) => g.personId));
	return {
		grants,
		form: await emptyForm(grantSchema),
		// Admins may organise anyway; the choice is among members.
		colleagues: people
			.filter((p) => p.role !== 'admin' && !granted.has(p.id))
			.map((p) => ({ value: p.id, label: p.name }))
	};
};

export const actions: Actions = {
	grant: async (event) => {
		const person = requireAdmin(event);
		const form = await validateForm(event, grantSchema);
		if (!form.valid) return fail(400, { form });
		try {
			await setOrganisingGrant(person.id, form.data.personId, true);
		} catch (err) {
			return refuse(form, err);
		}
		return message(form, { type: 'success', text: 'They may now create hackathons.' });
	},
	revoke: async (event) => {
		const person = requireAdmin(event);
		const personId = parseId((await readForm(event.request)).get('personId'));
		if (!personId) return fail(400, { revokeError: 'Choose whose permission to take back.' });
		try {
			await setOrganisingGrant(person.id, personId, false);
		} catch (err) {
			if (err instanceof ServiceError) return fail(400, { revokeError: err.message });
			throw err;
		}
		return { revoked: true };
	}
};
