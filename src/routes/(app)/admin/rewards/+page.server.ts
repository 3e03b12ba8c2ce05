import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { parseId } from '$lib/ids';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { rewardSchema } from '$lib/rewards/schemas';
import { requireAdmin } from '$lib/server/auth';
import { ServiceError } from '$lib/server/errors';
import { refuse, type FormMessage } from '$lib/server/forms';
import {
	createReward,
	decideRedemption,
	listRewards,
	redemptionQueue,
	rewardById,
	REWARDS_ROOM,
	updateReward,
	type RedemptionDecision
} from '$lib/server/rewards';
import { liveDependency } from '$lib/realtime/contract';
import { latestSeq } from '$lib/server/realtime';
import type { Actions, PageServerLoad } from './$types';

/** The reward form: blank for a new reward, filled in with `?edit=<id>`. */
async function rewardForm(url: URL) {
	const form = await superValidate(zod4(rewardSchema), { id: 'reward', errors: false });
	form.data.active = true;
	const editing = await rewardFromParam(url, 'edit');
	if (editing) {
		const { id, title, description, cost, stock, active } = editing;
		form.data = { rewardId: id, title, description, cost, stock, active };
	}
	const saved = await rewardFromParam(url, 'saved');
	if (saved && !editing) {
		const text: FormMessage = { type: 'success', text: `Saved “${saved.title}”.` };
		form.message = text;
	}
	return form;
}

async function rewardFromParam(url: URL, name: string) {
	const id = parseId(url.searchParams.get(name));
	return id ? rewardById(id) : null;
}

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	event.depends(liveDependency(REWARDS_ROOM));
	// The log position first: anything committed after it arrives as a live event.
	const after = await latestSeq(REWARDS_ROOM);
	const [rewards, queue, form] = await Promise.all([
		listRewards({ includeInactive: true }),
		redemptionQueue(),
		rewardForm(event.url)
	]);
	return { after, rewards, queue, form };
};

async function decide(event: RequestEvent, decision: RedemptionDecision) {
	const admin = requireAdmin(event);
	const data = await event.request.formData();
	const redemptionId = parseId(data.get('redemptionId')) ?? 0;
	const reason = String(data.get('reason') ?? '');
	try {
		await decideRedemption(admin.id, redemptionId, decision, reason);
	} catch (err) {
		if (!(err instanceof ServiceError)) throw err;
		const decideError = { redemptionId, decision, reason, message: err.message, field: err.field };
		return fail(400, { decideError });
	}
	return { decided: { redemptionId, status: decision } };
}

export const actions: Actions = {
	save: async (event) => {
		const admin = requireAdmin(event);
		const form = await superValidate(event.request, zod4(rewardSchema), { id: 'reward' });
		if (!form.valid) return fail(400, { form });
		const { rewardId, ...fields } = form.data;
		let savedId: number;
		try {
			const saved = rewardId
				? await updateReward(admin.id, rewardId, fields)
				: await createReward(admin.id, fields);
			savedId = saved.id;
		} catch (err) {
			return refuse(form, err);
		}
		// Back to a blank form, with the confirmation: a reload does not post it again.
		redirect(303, `/admin/rewards?saved=${savedId}`);
	},

	approve: (event) => decide(event, 'approved'),
	decline: (event) => decide(event, 'declined')
};
