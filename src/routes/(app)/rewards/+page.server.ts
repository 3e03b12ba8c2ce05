import { z } from 'zod';
import { postedId } from '$lib/ids';
import { requirePerson } from '$lib/server/auth';
import { buttonAction } from '$lib/server/forms';
import {
	cancelRedemption,
	listRewards,
	myRedemptions,
	redeemReward,
	rewardById,
	REWARDS_ROOM
} from '$lib/server/rewards';
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

/** A reward's button posts its id and the key its card was shown with. */
const REDEEM = z.object({
	rewardId: postedId('Choose a reward.'),
	clientKey: z.string().max(64)
});

const CANCEL = z.object({ redemptionId: postedId('Choose the request to cancel.') });

export const actions: Actions = {
	redeem: async (event) => {
		const person = requirePerson(event);
		// Spending points is a costly click: the card asks first (a dialog, or a second step).
		const button = { action: 'redeem', schema: REDEEM, row: 'rewardId', confirm: true } as const;
		return buttonAction(event, button, async ({ rewardId, clientKey }) => {
			const { created } = await redeemReward(person.id, rewardId, clientKey);
			const title = (await rewardById(rewardId))?.title ?? 'your reward';
			return created
				? `Requested “${title}”. The points are spent; you will hear when an admin confirms it.`
				: `You already requested “${title}”: nothing more was spent.`;
		});
	},
	cancel: async (event) => {
		const person = requirePerson(event);
		const button = { action: 'cancel', schema: CANCEL, row: 'redemptionId' } as const;
		return buttonAction(event, button, async ({ redemptionId }) => {
			const cancelled = await cancelRedemption(person.id, redemptionId);
			return `Request cancelled: ${cancelled.cost.toLocaleString('en')} points are back in your balance.`;
		});
	}
};
