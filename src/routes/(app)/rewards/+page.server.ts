import { fail } from '@sveltejs/kit';
import { parseId } from '$lib/ids';
import { requirePerson } from '$lib/server/auth';
import { ServiceError } from '$lib/server/errors';
import { listRewards, myRedemptions, redeemReward, REWARDS_ROOM } from '$lib/server/rewards';
import { balanceOf } from '$lib/server/ledger';
import { liveDependency } from '$lib/realtime/contract';
import { latestSeq } from '$lib/server/realtime';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const person = requirePerson(event);
	event.depends(liveDependency(REWARDS_ROOM));
	// The log position first: anything committed after it arrives as a live event.
	const after = await latestSeq(REWARDS_ROOM);
	const [balance, rewards, history] = await Promise.all([
		balanceOf(person.id),
		listRewards(),
		myRedemptions(person.id)
	]);
	return {
		after,
		balance,
		// A fresh key per card and load: a double click sends the same one and redeems once.
		rewards: rewards.map(({ id, title, description, cost, stock }) => ({
			id,
			title,
			description,
			cost,
			stock,
			clientKey: crypto.randomUUID()
		})),
		history
	};
};

export const actions: Actions = {
	redeem: async (event) => {
		const person = requirePerson(event);
		const data = await event.request.formData();
		const rewardId = parseId(data.get('rewardId'));
		const clientKey = String(data.get('clientKey') ?? '');
		if (!rewardId) return fail(400, { redeemError: { rewardId: 0, message: 'Choose a reward.' } });
		try {
			const { redemption, created } = await redeemReward(person.id, rewardId, clientKey);
			return { redeemed: { rewardId, redemptionId: redemption.id, created } };
		} catch (err) {
			if (err instanceof ServiceError)
				return fail(400, { redeemError: { rewardId, message: err.message } });
			throw err;
		}
	}
};
