import { fail } from 'sveltekit-superforms';
import { z } from 'zod';
import { postedId } from '$lib/ids';
import { raciActivitySchema, raciTeamColumnSchema } from '$lib/raci/schemas';
import { liveDependency } from '$lib/realtime/contract';
import { requirePerson } from '$lib/server/auth';
import { buttonAction, confirm, emptyForm, refuse, validateForm } from '$lib/server/forms';
import {
	addRaciActivity,
	addTeamColumn,
	applyRaciTemplate,
	RACI_ROOM,
	raciHistory,
	raciMatrix,
	removeTeamColumn,
	saveRaciRow,
	teamsWithoutColumn
} from '$lib/server/raci';
import { latestSeq } from '$lib/server/realtime';
import type { Actions, PageServerLoad } from './$types';

/** A row's form: the activity and one cell per column (`dept-<id>`, `team-<id>`), checked by the service. */
const ROW = z
	.object({ activityId: postedId('That activity does not exist.') })
	.catchall(z.string().max(4, 'Choose R, A, A/R, C, I or nothing in each cell.'));

const COLUMN = z.object({ teamId: postedId('That team is not a column of the matrix.') });

export const load: PageServerLoad = async (event) => {
	const person = requirePerson(event);
	event.depends(liveDependency(RACI_ROOM));
	const after = await latestSeq(RACI_ROOM);
	const isAdmin = person.role === 'admin';
	const [matrix, history, teamsToAdd] = await Promise.all([
		raciMatrix(),
		raciHistory(),
		isAdmin ? teamsWithoutColumn() : []
	]);
	return {
		matrix,
		history,
		isAdmin,
		after,
		teamsToAdd,
		addForm: isAdmin ? await emptyForm(raciActivitySchema, { id: 'activity' }) : null,
		columnForm: isAdmin ? await emptyForm(raciTeamColumnSchema, { id: 'column' }) : null
	};
};

export const actions: Actions = {
	save: async (event) => {
		const person = requirePerson(event);
		return buttonAction(event, { action: 'save', schema: ROW, row: 'activityId' }, async (row) => {
			const changed = await saveRaciRow(person.id, row.activityId, row);
			return changed ? 'Saved.' : 'Nothing changed.';
		});
	},

	add: async (event) => {
		const person = requirePerson(event);
		const form = await validateForm(event, raciActivitySchema, { id: 'activity' });
		if (!form.valid) return fail(400, { form });
		try {
			await addRaciActivity(person.id, form.data);
		} catch (err) {
			return refuse(form, err);
		}
		return confirm(form, `“${form.data.name}” added.`);
	},

	addColumn: async (event) => {
		const person = requirePerson(event);
		const form = await validateForm(event, raciTeamColumnSchema, { id: 'column' });
		if (!form.valid) return fail(400, { form });
		try {
			const name = await addTeamColumn(person.id, form.data.teamId);
			return confirm(form, `${name} is now a column.`);
		} catch (err) {
			return refuse(form, err);
		}
	},

	removeColumn: async (event) => {
		const person = requirePerson(event);
		const button = {
			action: 'removeColumn',
			schema: COLUMN,
			row: 'teamId',
			confirm: true
		} as const;
		return buttonAction(event, button, async ({ teamId }) => {
			const name = await removeTeamColumn(person.id, teamId);
			return `${name} is no longer a column.`;
		});
	},

	template: async (event) => {
		const person = requirePerson(event);
		return buttonAction(event, { action: 'template', schema: z.object({}) }, async () => {
			const added = await applyRaciTemplate(person.id);
			return added ? `${added} activities added from the template.` : 'The template is all here.';
		});
	}
};
