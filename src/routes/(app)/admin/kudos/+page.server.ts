import { fail, type RequestEvent } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { parseId } from '$lib/ids';
import { companyValueSchema, kudosRulesFormSchema, kudosSettingsSchema } from '$lib/kudos/schemas';
import { requireAdmin } from '$lib/server/auth';
import { ServiceError } from '$lib/server/errors';
import { refuse, type FormMessage } from '$lib/server/forms';
import {
	addValue,
	kudosCountByValue,
	listValues,
	updateKudosSettings,
	updateValue,
	type CompanyValue,
	type ValueChange
} from '$lib/server/kudos';
import { settingsOf } from '$lib/server/kudos';
import type { Actions, PageServerLoad } from './$types';

async function rulesForm() {
	const form = await superValidate(zod4(kudosRulesFormSchema), { id: 'rules' });
	const { monthlyAllowance, maxPointsPerKudos, crossDepartmentBonus } = await settingsOf();
	form.data = { monthlyAllowance, maxPointsPerKudos, crossDepartmentBonus };
	return form;
}

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const [values, usage, rules, valueForm] = await Promise.all([
		listValues({ includeInactive: true }),
		kudosCountByValue(),
		rulesForm(),
		superValidate(zod4(companyValueSchema), { id: 'value' })
	]);
	return { values: values.map((v) => ({ ...v, kudos: usage[v.id] ?? 0 })), rules, valueForm };
};

/** Changes one value from its row in the list; the answer is shown next to that row. */
async function changeValue(
	event: RequestEvent,
	read: (data: FormData) => ValueChange,
	done: (value: CompanyValue) => string
) {
	const admin = requireAdmin(event);
	const data = await event.request.formData();
	const valueId = parseId(data.get('valueId')) ?? 0;
	const change = read(data);
	try {
		const value = await updateValue(admin.id, valueId, change);
		return { valueSaved: { valueId, text: done(value) } };
	} catch (err) {
		if (!(err instanceof ServiceError)) throw err;
		// What was typed comes back, so a refused rename can be corrected, also without JS.
		const { name = null, description = null } = change;
		const valueError = {
			valueId,
			field: err.field ?? null,
			message: err.message,
			name,
			description
		};
		return fail(400, { valueError });
	}
}

export const actions: Actions = {
	rules: async (event) => {
		const admin = requireAdmin(event);
		const form = await superValidate(event.request, zod4(kudosRulesFormSchema), { id: 'rules' });
		if (!form.valid) return fail(400, { form });
		try {
			// Valid means no field is empty: the strict schema only narrows the type here.
			await updateKudosSettings(admin.id, kudosSettingsSchema.parse(form.data));
		} catch (err) {
			return refuse(form, err);
		}
		const text: FormMessage = { type: 'success', text: 'Kudos rules saved. They apply now.' };
		return message(form, text);
	},

	addValue: async (event) => {
		const admin = requireAdmin(event);
		const form = await superValidate(event.request, zod4(companyValueSchema), { id: 'value' });
		if (!form.valid) return fail(400, { form });
		let added: CompanyValue;
		try {
			added = await addValue(admin.id, form.data);
		} catch (err) {
			return refuse(form, err);
		}
		form.data = { name: '', description: '' };
		const text: FormMessage = {
			type: 'success',
			text: `Added “${added.name}”: people can give kudos for it now.`
		};
		return message(form, text);
	},

	saveValue: (event) =>
		changeValue(
			event,
			(data) => ({
				name: String(data.get('name') ?? ''),
				description: String(data.get('description') ?? '')
			}),
			(value) => `Saved “${value.name}”.`
		),

	deactivate: (event) =>
		changeValue(
			event,
			() => ({ active: false }),
			(value) => `“${value.name}” is no longer offered; kudos already given keep it.`
		),

	reactivate: (event) =>
		changeValue(
			event,
			() => ({ active: true }),
			(value) => `“${value.name}” is offered again.`
		)
};
