import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { parseId, postedId } from '$lib/ids';
import { declineFormSchema, rewardSchema } from '$lib/rewards/schemas';
import { requireAdmin } from '$lib/server/auth';
import { buttonAction, confirm, emptyForm, refuse, validateForm } from '$lib/server/forms';
import {
	createReward,
	decideRedemption,
	listRewards,
	redemptionQueue,
	rewardById,
	REWARDS_ROOM,
	updateReward
} from '$lib/server/rewards';
import { liveDependency } from '$lib/realtime/contract';
import { latestSeq } from '$lib/server/realtime';
import type { Actions, PageServerLoad } from './$types';

/** The reward form: blank for a new reward, filled in with `?edit=<id>`. */
async function rewardForm(url: URL) {
	const form = await emptyForm(rewardSchema, { id: 'reward', errors: false });
	form.data.active = true;
	const editing = await rewardFromParam(url, 'edit');
	// An edit link to a reward that is not there is the 404 page, not a blank form.
	if (url.searchParams.has('edit') && !editing) error(404, 'No such reward.');
	if (editing) {
		const { id, title, description, cost, stock, active } = editing;
		form.data = { rewardId: id, title, description, cost, stock, active };
	}
	const saved = await rewardFromParam(url, 'saved');
	if (saved && !editing) form.message = { type: 'success', text: `Saved “${saved.title}”.` };
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

const REQUEST = z.object({ redemptionId: postedId('Choose a request.') });

export const actions: Actions = {
	save: async (event) => {
		const admin = requireAdmin(event);
		const form = await validateForm(event, rewardSchema, { id: 'reward' });
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

	approve: async (event) => {
		const admin = requireAdmin(event);
		const button = { action: 'approve', schema: REQUEST, row: 'redemptionId' } as const;
		return buttonAction(event, button, async ({ redemptionId }) => {
			await decideRedemption(admin.id, redemptionId, 'approved', '');
			return 'Request approved. The person has been told.';
		});
	},

	/** Each request's form posts its own id (decline-<id>), so the answer lands on it. */
	decline: async (event) => {
		const admin = requireAdmin(event);
		const form = await validateForm(event, declineFormSchema);
		if (!form.valid) return fail(400, { form });
		const { redemptionId, reason } = form.data;
		try {
			await decideRedemption(admin.id, redemptionId, 'declined', reason);
		} catch (err) {
			return refuse(form, err);
		}
		return confirm(form, 'Request declined and refunded. The person has been told.');
	}
};
