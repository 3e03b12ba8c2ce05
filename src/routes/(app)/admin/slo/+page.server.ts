import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { parseId, postedId } from '$lib/ids';
import { liveDependency } from '$lib/realtime/contract';
import { formFromPolicy, policyFormSchema } from '$lib/slo/schemas';
import { requireAdmin } from '$lib/server/auth';
import { buttonAction, emptyForm, refuse, validateForm } from '$lib/server/forms';
import { listDepartments, searchPeople } from '$lib/server/org';
import { latestSeq } from '$lib/server/realtime';
import {
	deletePolicy,
	listPolicies,
	movePolicy,
	policyById,
	savePolicy,
	setPolicyEnabled,
	SLO_POLICIES_ROOM,
	tryPolicy
} from '$lib/server/slo';
import { getWorkspace } from '$lib/server/workspace';
import type { Actions, PageServerLoad } from './$types';

const FORM_ID = 'policy';

/** The policy form: blank for a new policy, filled in with `?edit=<id>`. */
async function policyForm(url: URL) {
	const editParam = url.searchParams.get('edit');
	if (editParam === null) {
		const form = await emptyForm(policyFormSchema, { id: FORM_ID, errors: false });
		const saved = parseId(url.searchParams.get('saved'));
		const policy = saved ? await policyById(saved) : null;
		if (policy) form.message = { type: 'success', text: `Saved “${policy.name}”.` };
		return form;
	}
	const id = parseId(editParam);
	const policy = id ? await policyById(id) : null;
	// An edit link to a policy that is not there is the 404 page, not a blank form.
	if (!policy) error(404, 'No such SLO policy.');
	return emptyForm(policyFormSchema, { id: FORM_ID, data: formFromPolicy(policy) });
}

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	event.depends(liveDependency(SLO_POLICIES_ROOM));
	// The log position first: anything committed after it arrives as a live event.
	const after = await latestSeq(SLO_POLICIES_ROOM);
	const [policies, departments, people, form, workspace] = await Promise.all([
		listPolicies(),
		listDepartments(),
		searchPeople({}, 500),
		policyForm(event.url),
		getWorkspace()
	]);
	return {
		after,
		policies,
		departments: departments.map((d) => ({ id: d.id, name: d.name })),
		people: people.map((p) => ({ id: p.id, name: p.name })),
		form,
		timeZone: workspace.timeZone
	};
};

const POLICY = z.object({ policyId: postedId('That policy does not exist.') });
const MOVE = POLICY.extend({ direction: z.enum(['up', 'down'], { error: 'Choose up or down.' }) });
const TOGGLE = POLICY.extend({ enabled: z.enum(['yes', 'no'], { error: 'Choose on or off.' }) });

/** A button on a policy that is not there answers 404, like its edit link. */
async function existing(policyId: number) {
	const policy = await policyById(policyId);
	if (!policy) error(404, 'No such SLO policy.');
	return policy;
}

export const actions: Actions = {
	save: async (event) => {
		const admin = requireAdmin(event);
		const form = await validateForm(event, policyFormSchema, { id: FORM_ID });
		if (!form.valid) return fail(400, { form });
		if (form.data.id) await existing(form.data.id);
		let id: number;
		try {
			id = await savePolicy(admin.id, form.data);
		} catch (err) {
			return refuse(form, err);
		}
		// Back to a blank form, with the confirmation: a reload does not post it again.
		redirect(303, `/admin/slo?saved=${id}`);
	},

	/** Which open escalations the unsaved draft would take, and when it would fire. */
	try: async (event) => {
		requireAdmin(event);
		const form = await validateForm(event, policyFormSchema, { id: FORM_ID });
		if (!form.valid) return fail(400, { form });
		if (form.data.id) await existing(form.data.id);
		try {
			return { form, tried: await tryPolicy(form.data) };
		} catch (err) {
			return refuse(form, err);
		}
	},

	move: async (event) => {
		const admin = requireAdmin(event);
		const button = { action: 'move', schema: MOVE, row: 'policyId' } as const;
		return buttonAction(event, button, async ({ policyId, direction }) => {
			const policy = await existing(policyId);
			await movePolicy(admin.id, policyId, direction);
			return `Moved “${policy.name}” ${direction}.`;
		});
	},

	toggle: async (event) => {
		const admin = requireAdmin(event);
		const button = { action: 'toggle', schema: TOGGLE, row: 'policyId' } as const;
		return buttonAction(event, button, async ({ policyId, enabled }) => {
			const policy = await existing(policyId);
			await setPolicyEnabled(admin.id, policyId, enabled === 'yes');
			return `“${policy.name}” is ${enabled === 'yes' ? 'on' : 'off'}.`;
		});
	},

	delete: async (event) => {
		const admin = requireAdmin(event);
		const button = { action: 'delete', schema: POLICY, row: 'policyId', confirm: true } as const;
		return buttonAction(event, button, async ({ policyId }) => {
			const policy = await existing(policyId);
			await deletePolicy(admin.id, policyId);
			return `Deleted “${policy.name}”. Its clocks are gone.`;
		});
	}
};
