import { z } from 'zod';
import '$lib/validation';
import { idField, MAX_ID } from '$lib/ids';

/** Where a reward request stands; a cancelled one was withdrawn by its requester. */
export type RedemptionState = 'pending' | 'approved' | 'declined' | 'cancelled';

/** The most a reward may cost, and the most units an admin may stock at once. */
export const MAX_REWARD_COST = 100_000;
export const MAX_REWARD_STOCK = 100_000;

/** A catalogue entry as an admin adds or edits it. */
export const rewardSchema = z.object({
	/** Set when editing an existing reward; absent for a new one. */
	rewardId: z.number().int().positive().max(MAX_ID).optional(),
	title: z
		.string()
		.trim()
		.min(1, 'Give the reward a title.')
		.max(80, 'Keep the title under 80 characters.'),
	description: z.string().trim().max(500, 'Keep the description under 500 characters.'),
	cost: z
		.number({ error: 'Enter the cost in points.' })
		.int('Whole points only.')
		.min(1, 'A reward costs at least 1 point.')
		.max(MAX_REWARD_COST, 'A reward costs at most 100,000 points.'),
	/** How many are left; empty (null) means unlimited. */
	stock: z
		.number({ error: 'Enter how many are left, or leave it empty for unlimited.' })
		.int('Whole units only.')
		.min(0, 'Stock cannot be below zero.')
		.max(MAX_REWARD_STOCK, 'At most 100,000 in stock.')
		.nullable(),
	/** Only active rewards can be redeemed; inactive ones stay for the history. */
	active: z.boolean()
});

export type RewardInput = z.output<typeof rewardSchema>;

/** Declining a redemption says why, so the person understands the refund. */
export const declineSchema = z.object({
	reason: z
		.string()
		.trim()
		.min(3, 'Say why the request is declined.')
		.max(300, 'Keep the reason under 300 characters.')
});

/** The "Decline" form on a request in the admins' queue. */
export const declineFormSchema = declineSchema.extend({
	redemptionId: idField('Choose a request.')
});
