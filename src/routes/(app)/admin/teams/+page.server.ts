import { fail } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { teamSchema } from '$lib/org/schemas';
import { requireAdmin } from '$lib/server/auth';
import { ServiceError } from '$lib/server/errors';
import { refuse } from '$lib/server/forms';
import { createTeam, deleteTeam, listDepartments, listTeams, updateTeam } from '$lib/server/org';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const [departments, teams] = await Promise.all([listDepartments(), listTeams()]);
	return { departments, teams, teamForm: await superValidate(zod4(teamSchema), { id: 'team' }) };
};

export const actions: Actions = {
	create: async (event) => {
		requireAdmin(event);
		const form = await superValidate(event.request, zod4(teamSchema), { id: 'team' });
		if (!form.valid) return fail(400, { teamForm: form });
		try {
			await createTeam(form.data.name, form.data.departmentId);
		} catch (err) {
			return refuse(form, err);
		}
		const created = form.data.name.trim();
		form.data.name = '';
		return message(form, { type: 'success' as const, text: `Team “${created}” created.` });
	},

	update: async (event) => {
		requireAdmin(event);
		const data = await event.request.formData();
		const id = Number(data.get('teamId'));
		const parsed = teamSchema.safeParse({
			name: data.get('name'),
			departmentId: Number(data.get('departmentId'))
		});
		if (!parsed.success)
			return fail(400, { rowError: { teamId: id, message: parsed.error.issues[0].message } });
		try {
			await updateTeam(id, parsed.data.name, parsed.data.departmentId);
		} catch (err) {
			if (err instanceof ServiceError)
				return fail(400, { rowError: { teamId: id, message: err.message } });
			throw err;
		}
		return { rowSaved: id };
	},

	delete: async (event) => {
		requireAdmin(event);
		const id = Number((await event.request.formData()).get('teamId'));
		try {
			await deleteTeam(id);
		} catch (err) {
			if (err instanceof ServiceError)
				return fail(400, { rowError: { teamId: id, message: err.message } });
			throw err;
		}
		return { deleted: id };
	}
};
