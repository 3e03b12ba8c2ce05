import { fail } from '@sveltejs/kit';
import { customerImportSchema } from '$lib/customers/schemas';
import { liveDependency } from '$lib/realtime/contract';
import { requirePerson } from '$lib/server/auth';
import {
	CUSTOMERS_ROOM,
	CustomerImportError,
	importCustomers,
	listCustomers,
	mayEditCustomers
} from '$lib/server/customers';
import { confirm, emptyForm, refuse, validateForm } from '$lib/server/forms';
import { latestSeq } from '$lib/server/realtime';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const person = requirePerson(event);
	event.depends(liveDependency(CUSTOMERS_ROOM));
	const after = await latestSeq(CUSTOMERS_ROOM);
	const search = (event.url.searchParams.get('q') ?? '').trim().slice(0, 100);
	return {
		after,
		search,
		customers: await listCustomers(search),
		mayEdit: mayEditCustomers(person),
		importForm: await emptyForm(customerImportSchema, { id: 'import' })
	};
};

export const actions: Actions = {
	import: async (event) => {
		const person = requirePerson(event);
		const form = await validateForm(event, customerImportSchema, { id: 'import' });
		if (!form.valid) return fail(400, { importForm: form });
		try {
			const { created, updated } = await importCustomers(person.id, await form.data.file.text());
			return confirm(form, `Imported: ${created} new, ${updated} updated.`);
		} catch (err) {
			const rowErrors = err instanceof CustomerImportError ? err.rows : [];
			// refuse() writes the refusal into the form (next to the file) and rethrows bugs.
			refuse(form, err);
			return fail(400, { importForm: form, rowErrors });
		}
	}
};
