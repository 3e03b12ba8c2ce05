import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { postedId } from '$lib/ids';
import { teamSchema } from '$lib/org/schemas';
import { requireAdmin } from '$lib/server/auth';
import { buttonAction, confirm, emptyForm, refuse, validateForm } from '$lib/server/forms';
import {
	activeMembersByTeam,
	createTeam,
	deleteTeam,
	listDepartments,
	listTeams,
	updateTeam
} from '$lib/server/org';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const [departments, teams, members] = await Promise.all([
		listDepartments(),
		listTeams(),
		activeMembersByTeam()
	]);
	return {
		departments,
		teams: teams.map((t) => ({ ...t, candidates: members.get(t.id) ?? [] })),
		teamForm: await emptyForm(teamSchema, { id: 'team' })
	};
};

const TEAM = z.object({ teamId: postedId('That team does not exist.') });

export const actions: Actions = {
	create: async (event) => {
		const admin = requireAdmin(event);
		const form = await validateForm(event, teamSchema, { id: 'team' });
		if (!form.valid) return fail(400, { teamForm: form });
		try {
			await createTeam(admin.id, form.data.name, form.data.departmentId);
		} catch (err) {
			return refuse(form, err);
		}
		const created = form.data.name.trim();
		form.data.name = '';
		return confirm(form, `Team “${created}” created.`);
	},

	update: async (event) => {
		const admin = requireAdmin(event);
		// Each row posts its own form id (team-<id>), so the answer lands on that row.
		const form = await validateForm(event, teamSchema);
		if (!form.valid || !form.data.id) return fail(400, { form });
		try {
			const { id, name, departmentId, leadId } = form.data;
			await updateTeam(
				admin.id,
				id,
				name,
				departmentId,
				leadId === undefined ? undefined : leadId || null
			);
		} catch (err) {
			return refuse(form, err);
		}
		return confirm(form, 'Saved.');
	},

	delete: async (event) => {
		const admin = requireAdmin(event);
		const button = { action: 'delete', schema: TEAM, row: 'teamId', confirm: true } as const;
		return buttonAction(event, button, async ({ teamId }) => {
			await deleteTeam(admin.id, teamId);
			return 'Team deleted.';
		});
	}
};
