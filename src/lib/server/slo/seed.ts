// Demo SLOs: a strict policy for at-risk and enterprise customers and a business-hours one
// for everyone else. The strict policy is created as if two hours ago, so the demo
// escalations show warned and breached clocks beside running and paused ones.
import { policyFormSchema } from '$lib/slo/schemas';
import { setSloNow } from './clocks';
import { savePolicy } from './service';
import { fireDueTriggers } from './triggers';

export async function seedDemoSlo(people: Map<string, number>): Promise<void> {
	const admin = people.get('Alex Admin')!;
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
				escalateToAdmins: true,
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
			businessHours: true,
			warnAt: '75',
			notifyAssignee: true
		})
	);
	await fireDueTriggers();
}
