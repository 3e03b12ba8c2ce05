// "Escalate": an accepted bug becomes an escalation carrying everything engineering needs,
// linked back to the bug and its bash. One transaction with the escalations service.
import { eq } from 'drizzle-orm';
import { escalationSchema } from '$lib/escalations/schemas';
import { bug } from './schema';
import { person } from '../org';
import { ServiceError } from '../errors';
import { attachToEscalation, openEscalationIn } from '../escalations';
import { attachmentIdsOfBug } from './queries';
import { notify } from '../notifications';
import { withEvents } from '../realtime';
import { bashRoom } from './events';
import { bugHref, decide, lockForTriage, otherOrganisers } from './triage';

export interface CustomerDetails {
	/** Generated with the form, so a double click escalates once. */
	clientKey: string;
	customerName?: string;
	customerTier?: string;
	customerUrl?: string;
}

/** Organisers escalate an accepted bug; a repeat of the same form answers the same escalation. */
export async function promoteToEscalation(
	actorId: number,
	bugId: number,
	customer: CustomerDetails
): Promise<{ escalationId: number; created: boolean }> {
	return withEvents(async (tx, record) => {
		const { bash, bug: target } = await lockForTriage(tx, actorId, bugId);
		if (target.status !== 'accepted' && target.status !== 'escalated') {
			throw new ServiceError('Accept the bug before escalating it.');
		}
		const alreadyEscalated = target.escalationId;
		const [reporter] = await tx
			.select({ name: person.name })
			.from(person)
			.where(eq(person.id, target.reporterId));
		const input = escalationSchema.safeParse({
			clientKey: customer.clientKey,
			title: target.title,
			description: `Found in the bug bash “${bash.title}” (${bash.feature}), area ${target.area}, by ${reporter.name}.`,
			steps: target.steps,
			expected: target.expected,
			actual: target.actual,
			environment: target.environment,
			severity: target.severity,
			customerName: customer.customerName?.trim() || undefined,
			customerTier: customer.customerTier || undefined,
			customerUrl: customer.customerUrl?.trim() ?? ''
		});
		if (!input.success) {
			const issue = input.error.issues[0];
			throw new ServiceError(issue.message, String(issue.path[0] ?? ''));
		}
		const opened = await openEscalationIn(tx, record, actorId, input.data);
		if (!opened.created) return opened;
		if (alreadyEscalated) {
			throw new ServiceError(`That bug is already escalation #${alreadyEscalated}.`);
		}
		await attachToEscalation(tx, opened.escalationId, await attachmentIdsOfBug(tx, bugId));
		await decide(tx, actorId, target, { kind: 'escalated' });
		await tx
			.update(bug)
			.set({ status: 'escalated', escalationId: opened.escalationId, updatedAt: new Date() })
			.where(eq(bug.id, bugId));
		const { escalationId } = opened;
		await record(bashRoom(bash.id), 'bug.escalated', { bugId, escalationId }, actorId);
		await notify(
			tx,
			record,
			[target.reporterId, ...(await otherOrganisers(tx, bash.id, actorId))],
			{
				kind: 'bug.escalated',
				text: `“${target.title}” was escalated to engineering as #${escalationId}.`,
				href: bugHref(target)
			},
			actorId
		);
		return opened;
	});
}
