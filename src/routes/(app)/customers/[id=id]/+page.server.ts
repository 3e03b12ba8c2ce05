import { error, fail } from '@sveltejs/kit';
import { customerSchema } from '$lib/customers/schemas';
import { routeId } from '$lib/ids';
import { requirePerson } from '$lib/server/auth';
import { customerById, mayEditCustomers, saveCustomer } from '$lib/server/customers';
import { confirm, emptyForm, refuse, validateForm } from '$lib/server/forms';
import { searchPeople } from '$lib/server/org';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const person = requirePerson(event);
	const found = await customerById(routeId(event.params.id));
	if (!found) error(404, 'No such customer.');
	const form = await emptyForm(customerSchema, { id: 'customer' });
	form.data = {
		id: found.id,
		name: found.name,
		crmUrl: found.crmUrl ?? '',
		arr: found.arr,
		tier: found.tier,
		renewalOn: found.renewalOn ?? '',
		sentiment: found.sentiment,
		ownerId: found.ownerId
	};
	return {
		customer: found,
		form,
		people: await searchPeople(),
		mayEdit: mayEditCustomers(person)
	};
};

export const actions: Actions = {
	default: async (event) => {
		const person = requirePerson(event);
		const form = await validateForm(event, customerSchema, { id: 'customer' });
		if (!form.valid) return fail(400, { form });
		try {
			await saveCustomer(person.id, { ...form.data, id: routeId(event.params.id) });
		} catch (err) {
			return refuse(form, err);
		}
		return confirm(form, 'Saved.');
	}
};
