// Shared set-up for tests that log bugs and open escalations: valid reports (parsed by the
// same schemas the forms use) and a live bug bash with its usual cast.
import { bashSchema, bugSchema } from '../../src/lib/bugbash/schemas';
import { escalationSchema } from '../../src/lib/escalations/schemas';
import { createBash, startBash } from '../../src/lib/server/bugbash';
import type { TestDatabase } from './db';
import { addPerson, addTeam } from './ledger';

/** A valid bug report for the Checkout area; `extra` overrides any field. */
export function bugReport(title: string, extra: Record<string, unknown> = {}) {
	return bugSchema.parse({
		clientKey: crypto.randomUUID(),
		title,
		area: 'Checkout',
		severity: 'medium',
		steps: '1. Open the cart\n2. Press Pay',
		expected: 'The order is placed',
		actual: 'Nothing happens',
		...extra
	});
}

/** A valid escalation for an enterprise customer; `extra` overrides any field. */
export function escalationReport(title: string, extra: Record<string, unknown> = {}) {
	return escalationSchema.parse({
		clientKey: crypto.randomUUID(),
		title,
		description: 'Reported by the customer on the phone.',
		steps: '1. Open an invoice\n2. Press Download PDF',
		expected: 'The PDF downloads',
		actual: 'Error 500',
		environment: 'Firefox 150 on Windows',
		severity: 'high',
		customerName: 'Acme Corp',
		customerTier: 'enterprise',
		customerUrl: '',
		ticketUrl: '',
		...extra
	});
}

/**
 * Olive Organiser (product), Sam Support (support) and Erin Engineer (engineering), each in
 * a team of their department, and a live one-hour bash on Checkout v2 that Olive runs.
 */
export async function liveCheckoutBash(testDb: TestDatabase, areas = ['Checkout']) {
	const product = await addTeam(testDb, 'Checkout squad', 'product');
	const support = await addTeam(testDb, 'Tier 1', 'support');
	const platform = await addTeam(testDb, 'Payments platform', 'engineering');
	const organiser = await addPerson(testDb, 'Olive Organiser', product.id);
	const agent = await addPerson(testDb, 'Sam Support', support.id);
	const engineer = await addPerson(testDb, 'Erin Engineer', platform.id);
	const bashId = await createBash(
		organiser,
		bashSchema.parse({
			title: 'Checkout v2 bash',
			feature: 'Checkout v2',
			areas,
			startsAt: new Date(),
			endsAt: new Date(Date.now() + 3_600_000)
		})
	);
	await startBash(organiser, bashId);
	return { organiser, agent, engineer, bashId };
}
