// The demo workspace's bug bashes: one live with bugs in every column, one coming up.
// Points go only to Product and Engineering people, so Support starts at zero (the
// leaderboard e2e relies on it).
import { bashSchema, bugSchema } from '$lib/bugbash/schemas';
import { escalationSchema } from '$lib/escalations/schemas';
import { promoteToEscalation } from './promote';
import { commentOnBug, createBash, logBug, startBash } from './service';
import { triageBug, type Triage } from './triage';
import {
	assignEscalation,
	changeStatus,
	commentOnEscalation,
	openEscalation
} from '../escalations';

const day = 86_400_000;

interface DemoBug {
	by: string;
	title: string;
	area: string;
	severity: 'critical' | 'high' | 'medium' | 'low';
	actual: string;
	triage?: Triage | 'duplicate-of-first';
}

const CHECKOUT_BUGS: DemoBug[] = [
	{
		by: 'Chen Wei',
		title: 'Pay button stays disabled after fixing a card error',
		area: 'Payments',
		severity: 'high',
		actual: 'The button stays grey until the page is reloaded.',
		triage: { kind: 'accepted' }
	},
	{
		by: 'Lukas Becker',
		title: 'Pay button disabled after card error is corrected',
		area: 'Payments',
		severity: 'high',
		actual: 'Still disabled, no message.',
		triage: 'duplicate-of-first'
	},
	{
		by: 'Aiko Tanaka',
		title: 'Order summary shows prices without VAT for EU accounts',
		area: 'Cart',
		severity: 'critical',
		actual: 'Totals exclude VAT; the receipt includes it.',
		triage: { kind: 'accepted', severity: 'critical' }
	},
	{
		by: 'Tomás García',
		title: 'Coupon field accepts spaces and then rejects the code',
		area: 'Cart',
		severity: 'low',
		actual: 'A code pasted with a trailing space is refused.',
		triage: { kind: 'not_a_bug', reason: 'Fixed in build 412, which this bash is not on.' }
	},
	{
		by: 'Priya Natarajan',
		title: 'Receipt email never arrives for PayPal orders',
		area: 'Emails',
		severity: 'high',
		actual: 'No email after 30 minutes; card orders get one in seconds.'
	},
	{
		by: 'Sam Rivera',
		title: 'Address autocomplete covers the Continue button on mobile',
		area: 'Address',
		severity: 'medium',
		actual: 'The suggestion list hides the button and does not close.'
	}
];

/** Creates the demo bashes; `people` maps demo names to person ids. */
export async function seedDemoBugBashes(people: Map<string, number>): Promise<void> {
	const id = (name: string) => people.get(name)!;
	const organiser = id('Maya Okafor');
	const checkout = await createBash(
		organiser,
		bashSchema.parse({
			title: 'Checkout v2 bug bash',
			feature: 'Checkout v2 (launching next week)',
			charter:
				'Try every way to pay, on desktop and mobile. Use the test cards in the wiki; nothing is charged.',
			areas: ['Cart', 'Address', 'Payments', 'Emails', 'Accessibility'],
			environmentUrl: 'https://staging.example.com/checkout',
			startsAt: new Date(Date.now() - 5 * 60_000),
			endsAt: new Date(Date.now() + 7 * day)
		})
	);
	await startBash(organiser, checkout);
	const logged: number[] = [];
	for (const demo of CHECKOUT_BUGS) {
		const { bugId } = await logBug(id(demo.by), checkout, demoReport(demo));
		logged.push(bugId);
		if (demo.triage === 'duplicate-of-first') {
			await triageBug(organiser, bugId, { kind: 'duplicate', duplicateOfId: logged[0] });
		} else if (demo.triage) {
			await triageBug(organiser, bugId, demo.triage);
		}
	}
	await commentOnBug(
		id('Fatima Zahra'),
		logged[0],
		'Reproduced with the 3-D Secure test card too. Looks like the form never re-validates.'
	);
	const vat = await promoteToEscalation(organiser, logged[2], {
		clientKey: 'demo-vat-escalation',
		customerName: 'Globex GmbH',
		customerTier: 'enterprise'
	});
	await assignEscalation(id('Chen Wei'), vat.escalationId, id('Aiko Tanaka'));
	await seedSupportEscalation(id);
	await createBash(
		id('Lukas Becker'),
		bashSchema.parse({
			title: 'Mobile app 5.0 bash',
			feature: 'iOS and Android 5.0 beta',
			charter: 'Install the beta from the internal store and run through onboarding.',
			areas: ['Onboarding', 'Notifications', 'Offline mode'],
			startsAt: new Date(Date.now() + 2 * day),
			endsAt: new Date(Date.now() + 2 * day + 3 * 3_600_000)
		})
	);
}

function demoReport(demo: DemoBug) {
	return bugSchema.parse({
		clientKey: `demo-${demo.title}`.slice(0, 64),
		title: demo.title,
		area: demo.area,
		severity: demo.severity,
		steps: '1. Add two items to the cart\n2. Go to checkout\n3. Follow the title',
		expected: 'Checkout completes normally.',
		actual: demo.actual,
		environment: 'Chrome on macOS, staging build 409'
	});
}

/** An escalation opened by support directly, picked up and answered by engineering. */
async function seedSupportEscalation(id: (name: string) => number) {
	const { escalationId } = await openEscalation(
		id('Priya Natarajan'),
		escalationSchema.parse({
			clientKey: 'demo-invoice-address',
			title: 'Invoice PDFs show the old company address',
			description: 'Three customers this week asked for corrected invoices for their auditors.',
			steps:
				'1. Sign in as the customer\n2. Billing → Invoices\n3. Download any invoice from November',
			expected: 'The address from the billing settings',
			actual: 'The address from before the customer moved in October',
			environment: 'Production, web app',
			severity: 'medium',
			customerName: 'Initech',
			customerTier: 'business',
			ticketUrl: 'https://support.example.com/tickets/48213'
		})
	);
	await assignEscalation(id('Chen Wei'), escalationId, id('Chen Wei'));
	await changeStatus(id('Chen Wei'), escalationId, 'in_progress');
	await commentOnEscalation(
		id('Chen Wei'),
		escalationId,
		'The PDF renderer caches the address per account. Fix is in review; regenerating invoices after.'
	);
}
