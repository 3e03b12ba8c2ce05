import { error } from '@sveltejs/kit';
import { fail } from 'sveltekit-superforms';
import { parseId, routeId } from '$lib/ids';
import {
	mergeSchema,
	REQUEST_STATUS_LABELS,
	reportSchema,
	requestSchema,
	requestStatusSchema
} from '$lib/requests/schemas';
import { requirePerson } from '$lib/server/auth';
import { listCustomers } from '$lib/server/customers';
import { escalationDetail } from '$lib/server/escalations';
import { confirm, emptyForm, refuse, validateForm } from '$lib/server/forms';
import { liveDependency } from '$lib/realtime/contract';
import { latestSeq } from '$lib/server/realtime';
import {
	addReport,
	editRequest,
	mayDecideRequests,
	mayReportForCustomers,
	mergeRequests,
	reportsOf,
	requestDetail,
	requestRoom,
	setRequestStatus
} from '$lib/server/requests';
import type { Actions, PageServerLoad } from './$types';

/** The report form, prefilled from the escalation it was opened from (`?escalation=`). */
async function reportForm(escalationParam: string | null) {
	const escalationId = parseId(escalationParam);
	const escalation = escalationId ? await escalationDetail(escalationId) : null;
	const data = escalation
		? {
				customerName: escalation.customerName ?? '',
				sourceKind: 'escalation' as const,
				sourceId: escalation.id,
				quote: ''
			}
		: undefined;
	return {
		form: await emptyForm(reportSchema, { id: 'report', data }),
		escalation: escalation ? { id: escalation.id, title: escalation.title } : null
	};
}

export const load: PageServerLoad = async (event) => {
	const person = requirePerson(event);
	const id = routeId(event.params.id);
	event.depends(liveDependency(requestRoom(id)));
	// The log position first: anything committed after it arrives as a live event.
	const after = await latestSeq(requestRoom(id));
	const request = await requestDetail(id);
	if (!request) error(404, 'No such feature request.');
	const canReport = mayReportForCustomers(person) && !request.mergedIntoId;
	const canDecide = mayDecideRequests(person) && !request.mergedIntoId;
	const [reports, customers, report] = await Promise.all([
		reportsOf(id),
		canReport ? listCustomers('', 1000) : Promise.resolve([]),
		reportForm(event.url.searchParams.get('escalation'))
	]);
	return {
		request,
		reports,
		after,
		canReport,
		canDecide,
		customerNames: customers.map((c) => c.name),
		fromEscalation: report.escalation,
		reportForm: report.form,
		statusForm: await emptyForm(requestStatusSchema, {
			id: 'status',
			data: {
				status: request.status,
				publicNote: request.publicNote,
				roadmapUrl: request.roadmapUrl ?? ''
			}
		}),
		editForm: await emptyForm(requestSchema, {
			id: 'edit',
			data: { title: request.title, problem: request.problem, area: request.area }
		}),
		mergeForm: await emptyForm(mergeSchema, { id: 'merge', errors: false })
	};
};

export const actions: Actions = {
	report: async (event) => {
		const person = requirePerson(event);
		const id = routeId(event.params.id);
		const form = await validateForm(event, reportSchema, { id: 'report' });
		if (!form.valid) return fail(400, { form });
		try {
			await addReport(person.id, id, form.data);
		} catch (err) {
			return refuse(form, err);
		}
		return confirm(form, `Report from ${form.data.customerName} added.`);
	},

	status: async (event) => {
		const person = requirePerson(event);
		const id = routeId(event.params.id);
		const form = await validateForm(event, requestStatusSchema, { id: 'status' });
		if (!form.valid) return fail(400, { form });
		let told: number;
		try {
			({ told } = await setRequestStatus(person.id, id, form.data));
		} catch (err) {
			return refuse(form, err);
		}
		const label = REQUEST_STATUS_LABELS[form.data.status];
		const tellers = told ? ` ${told} ${told === 1 ? 'reporter was' : 'reporters were'} told.` : '';
		return confirm(form, `Status saved: ${label}.${tellers}`);
	},

	edit: async (event) => {
		const person = requirePerson(event);
		const id = routeId(event.params.id);
		const form = await validateForm(event, requestSchema, { id: 'edit' });
		if (!form.valid) return fail(400, { form });
		try {
			await editRequest(person.id, id, form.data);
		} catch (err) {
			return refuse(form, err);
		}
		return confirm(form, 'Request saved.');
	},

	merge: async (event) => {
		const person = requirePerson(event);
		const id = routeId(event.params.id);
		const form = await validateForm(event, mergeSchema, { id: 'merge' });
		if (!form.valid) return fail(400, { form });
		try {
			await mergeRequests(person.id, id, form.data.intoId);
		} catch (err) {
			return refuse(form, err);
		}
		return confirm(form, `Merged into #${form.data.intoId}: every report moved there.`);
	}
};
