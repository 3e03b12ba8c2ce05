import { fail, redirect } from '@sveltejs/kit';
import { customerSchema } from '$lib/customers/schemas';
import { requirePerson } from '$lib/server/auth';
import { saveCustomer } from '$lib/server/customers';
import { emptyForm, refuse, validateForm } from '$lib/server/forms';
import { searchPeople } from '$lib/server/org';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requirePerson(event);
	return {
		form: await emptyForm(customerSchema, { id: 'customer' }),
		people: await searchPeople()
	};
};

export const actions: Actions = {
	default: async (event) => {
		const person = requirePerson(event);
		const form = await validateForm(event, customerSchema, { id: 'customer' });
		if (!form.valid) return fail(400, { form });
		let id: number;
		try {
			id = await saveCustomer(person.id, { ...form.data, id: undefined });
		} catch (err) {
			return refuse(form, err);
		}
		redirect(303, `/customers/${id}`);
	}
};
