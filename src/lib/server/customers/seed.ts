// Demo customers: a spread of ARR, tiers, sentiment and renewals, so SLO policies have
// something to match (Globex and Initech are the customers the demo escalations name).
import { customerSchema } from '$lib/customers/schemas';
import { saveCustomer } from './service';

const DAY = 86_400_000;

function inDays(days: number): string {
	return new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
}

export async function seedDemoCustomers(people: Map<string, number>): Promise<void> {
	const admin = people.get('Alex Admin')!;
	const jordan = people.get('Jordan Lee') ?? null;
	const demo = [
		{ name: 'Globex GmbH', arr: 480_000, tier: 'enterprise', renewal: 45, sentiment: 'at_risk' },
		{ name: 'Initech', arr: 120_000, tier: 'business', renewal: 200, sentiment: 'neutral' },
		{
			name: 'Umbrella Health',
			arr: 910_000,
			tier: 'enterprise',
			renewal: 20,
			sentiment: 'at_risk'
		},
		{ name: 'Hooli', arr: 64_000, tier: 'pro', renewal: 300, sentiment: 'positive' },
		{ name: 'Stark Logistics', arr: 240_000, tier: 'business', renewal: 80, sentiment: 'positive' },
		{ name: 'Pied Piper', arr: 9_000, tier: 'free', renewal: null, sentiment: 'neutral' }
	] as const;
	for (const c of demo) {
		await saveCustomer(
			admin,
			customerSchema.parse({
				name: c.name,
				crmUrl: `https://crm.example.com/accounts/${c.name.toLowerCase().replace(/\W+/g, '-')}`,
				arr: c.arr,
				tier: c.tier,
				renewalOn: c.renewal === null ? '' : inDays(c.renewal),
				sentiment: c.sentiment,
				ownerId: jordan
			})
		);
	}
}
