// The demo workspace's reward catalogue: a cheap treat, a few scarce prizes and one that
// is no longer offered. No requests are made here, so every demo balance stays as the
// other seeds leave it (the end-to-end tests redeem with those balances).
import { createReward, type RewardFields } from './service';

const CATALOGUE: RewardFields[] = [
	{
		title: 'Tandem hoodie',
		description: 'The soft grey one with the two-seater bike on the back. Pick your size.',
		cost: 80,
		stock: 20,
		active: true
	},
	{
		title: 'Team lunch on us',
		description: 'Lunch for you and the colleagues who helped, anywhere near the office.',
		cost: 150,
		stock: null,
		active: true
	},
	{
		title: 'Extra day off',
		description: 'One more day of leave this year, agreed with your lead as usual.',
		cost: 500,
		stock: 5,
		active: true
	},
	{
		title: 'Conference ticket',
		description: 'A ticket to a conference of your choice, up to the usual budget.',
		cost: 1200,
		stock: 2,
		active: true
	},
	{
		title: 'Coffee mug (old logo)',
		description: 'Retired with the old logo: hidden from the catalogue.',
		cost: 40,
		stock: 0,
		active: false
	}
];

/** Adds the demo catalogue, created by the demo admin. */
export async function seedDemoRewards(people: Map<string, number>): Promise<void> {
	const adminId = people.get('Alex Admin')!;
	for (const item of CATALOGUE) await createReward(adminId, item);
}
