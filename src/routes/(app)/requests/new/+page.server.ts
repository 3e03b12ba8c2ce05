import { fail, redirect } from '@sveltejs/kit';
import { parseId } from '$lib/ids';
import { requestSchema } from '$lib/requests/schemas';
import { requirePerson } from '$lib/server/auth';
import { escalationDetail } from '$lib/server/escalations';
import { emptyForm, refuse, validateForm } from '$lib/server/forms';
import { createRequest, requestAreas } from '$lib/server/requests';
import type { Actions, PageServerLoad } from './$types';

/** The escalation the request is raised from (`?escalation=`), or null. */
async function escalationOf(url: URL) {
	const id = parseId(url.searchParams.get('escalation'));
	const found = id ? await escalationDetail(id) : null;
	return found
		? {
				id: found.id,
				title: found.title,
				customerName: found.customerName,
				problem: found.description || found.actual
			}
		: null;
}

export const load: PageServerLoad = async (event) => {
	requirePerson(event);
	const escalation = await escalationOf(event.url);
	const data = escalation ? { title: '', problem: escalation.problem, area: '' } : undefined;
	return {
		escalation,
		areas: await requestAreas(),
		form: await emptyForm(requestSchema, { id: 'request', data })
	};
};

export const actions: Actions = {
	default: async (event) => {
		const person = requirePerson(event);
		const form = await validateForm(event, requestSchema, { id: 'request' });
		if (!form.valid) return fail(400, { form });
		let id: number;
		try {
			id = await createRequest(person.id, form.data);
		} catch (err) {
			return refuse(form, err);
		}
		// Raised from an escalation: the request page opens with the report form filled in.
		const escalationId = parseId(event.url.searchParams.get('escalation'));
		redirect(303, escalationId ? `/requests/${id}?escalation=${escalationId}` : `/requests/${id}`);
	}
};
