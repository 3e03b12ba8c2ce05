import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { postedId } from '$lib/ids';
import {
	companyValueSchema,
	kudosRulesFormSchema,
	kudosSettingsSchema,
	valueRowSchema
} from '$lib/kudos/schemas';
import { requireAdmin } from '$lib/server/auth';
import { buttonAction, confirm, emptyForm, refuse, validateForm } from '$lib/server/forms';
import {
	addValue,
	kudosCountByValue,
	listValues,
	updateKudosSettings,
	updateValue,
	type CompanyValue
} from '$lib/server/kudos';
import { settingsOf } from '$lib/server/kudos';
import type { Actions, PageServerLoad } from './$types';

async function rulesForm() {
	const form = await emptyForm(kudosRulesFormSchema, { id: 'rules' });
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
		emptyForm(companyValueSchema, { id: 'value' })
	]);
	return { values: values.map((v) => ({ ...v, kudos: usage[v.id] ?? 0 })), rules, valueForm };
};

const VALUE = z.object({ valueId: postedId('That value does not exist.') });

export const actions: Actions = {
	rules: async (event) => {
		const admin = requireAdmin(event);
		const form = await validateForm(event, kudosRulesFormSchema, { id: 'rules' });
		if (!form.valid) return fail(400, { form });
		try {
			// Valid means no field is empty: the strict schema only narrows the type here.
			await updateKudosSettings(admin.id, kudosSettingsSchema.parse(form.data));
		} catch (err) {
			return refuse(form, err);
		}
		return confirm(form, 'Kudos rules saved. They apply now.');
	},

	addValue: async (event) => {
		const admin = requireAdmin(event);
		const form = await validateForm(event, companyValueSchema, { id: 'value' });
		if (!form.valid) return fail(400, { form });
		let added: CompanyValue;
		try {
			added = await addValue(admin.id, form.data);
		} catch (err) {
			return refuse(form, err);
		}
		form.data = { name: '', description: '' };
		return confirm(form, `Added “${added.name}”: people can give kudos for it now.`);
	},

	/** Each row posts its own form id (value-<id>), so the answer lands on that row. */
	saveValue: async (event) => {
		const admin = requireAdmin(event);
		const form = await validateForm(event, valueRowSchema);
		if (!form.valid) return fail(400, { form });
		const { valueId, name, description } = form.data;
		try {
			const value = await updateValue(admin.id, valueId, { name, description });
			return confirm(form, `Saved “${value.name}”.`);
		} catch (err) {
			return refuse(form, err);
		}
	},

	deactivate: async (event) => {
		const admin = requireAdmin(event);
		const button = { action: 'deactivate', schema: VALUE, row: 'valueId' } as const;
		return buttonAction(event, button, async ({ valueId }) => {
			const value = await updateValue(admin.id, valueId, { active: false });
			return `“${value.name}” is no longer offered; kudos already given keep it.`;
		});
	},

	reactivate: async (event) => {
		const admin = requireAdmin(event);
		const button = { action: 'reactivate', schema: VALUE, row: 'valueId' } as const;
		return buttonAction(event, button, async ({ valueId }) => {
			const value = await updateValue(admin.id, valueId, { active: true });
			return `“${value.name}” is offered again.`;
		});
	}
};
