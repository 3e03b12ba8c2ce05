// Demo SLOs: a strict policy for at-risk and enterprise customers and a business-hours one
// for everyone else. Two escalations for at-risk customers are opened first (nobody has
// answered the one; engineering has asked support a question on the other), then the
// strict policy is created as if two hours ago, so the demo shows running, paused, met,
// warned and breached clocks, a label and its alerts.
import { escalationSchema } from '$lib/escalations/schemas';
import { policyFormSchema } from '$lib/slo/schemas';
import { changeStatus, openEscalation } from '../escalations';
import { setSloNow } from './clocks';
import { savePolicy } from './service';
import { fireDueTriggers } from './triggers';

async function seedWatchedEscalations(people: Map<string, number>) {
	const report = {
		steps: '1. Sign in as the customer\n2. Open Reports → Usage',
		environment: 'Production, web app',
		severity: 'high' as const,
		customerTier: 'enterprise' as const
	};
	await openEscalation(
		people.get('Sam Rivera')!,
		escalationSchema.parse({
			...report,
			clientKey: 'demo-usage-report-blank',
			title: 'Usage report is blank for the whole account',
			description: 'The customer’s finance team needs it for the renewal review this week.',
			expected: 'Last month’s usage by team',
			actual: 'An empty table and no error',
			customerName: 'Umbrella Health'
		})
	);
	const { escalationId } = await openEscalation(
		people.get('Priya Natarajan')!,
		escalationSchema.parse({
			...report,
			clientKey: 'demo-sso-loop',
			title: 'Single sign-on loops back to the login page',
			description: 'Only people invited after the SSO switch are affected.',
			expected: 'Signed in after the identity provider',
			actual: 'Back on the login page, again and again',
			customerName: 'Globex GmbH'
		})
	);
	// Engineering needs the customer's identity provider logs: support's clock runs.
	await changeStatus(people.get('Fatima Zahra')!, escalationId, 'waiting_on_support');
}

export async function seedDemoSlo(people: Map<string, number>): Promise<void> {
	const admin = people.get('Alex Admin')!;
	await seedWatchedEscalations(people);
	const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
	setSloNow(() => twoHoursAgo);
	try {
		await savePolicy(
			admin,
			policyFormSchema.parse({
				name: 'At-risk and enterprise customers',
				match: 'any',
				tiers: ['enterprise'],
				sentiments: ['at_risk'],
				firstResponseMinutes: 60,
				updateMinutes: 240,
				supportAnswerMinutes: 120,
				warnAt: '50, 75',
				repeatEveryMinutes: 30,
				repeatTimes: 3,
				notifyAssignee: true,
				escalateUp: 'lead',
				emailAssignee: true,
				label: 'slo-breached'
			})
		);
	} finally {
		setSloNow(null);
	}
	await savePolicy(
		admin,
		policyFormSchema.parse({
			name: 'Everyone else, in business hours',
			firstResponseMinutes: 480,
			updateMinutes: 1440,
			supportAnswerMinutes: 480,
			firstResponseBusinessHours: true,
			updateBusinessHours: true,
			supportAnswerBusinessHours: true,
			warnAt: '75',
			notifyAssignee: true
		})
	);
	await fireDueTriggers();
}
