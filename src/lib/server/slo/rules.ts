// Which policy applies to an escalation, and why: pure, so the admin's "try it", the
// escalation page and the clocks all decide the same way.
import { SENTIMENT_LABELS, TIER_LABELS } from '$lib/customers/schemas';
import type { Conditions } from '$lib/slo/schemas';
import {
	TICKET_PRIORITY_LABELS,
	TICKET_STATUS_LABELS,
	type IssueFacts,
	type TicketFacts
} from '$lib/integrations/schemas';
import type { Severity } from '$lib/report';

/** What conditions are checked against. */
export interface MatchFacts {
	severity: Severity;
	customer: {
		arr: number;
		tier: keyof typeof TIER_LABELS;
		renewalOn: string | null;
		sentiment: keyof typeof SENTIMENT_LABELS;
	} | null;
	/** Today's date in the workspace zone, YYYY-MM-DD (for "renewal within N days"). */
	today: string;
	/** The assignee's department; null while nobody is assigned. */
	department: { id: number; name: string } | null;
	/** Labels on the escalation. */
	labels: string[];
	/** The linked support ticket's and engineering issue's latest facts, when linked. */
	ticket?: TicketFacts | null;
	issue?: IssueFacts | null;
}

/** "priority high or urgent": a condition over one fact, when the policy sets it. */
function oneOf<T extends string>(
	wanted: readonly T[] | undefined,
	text: string,
	label: (value: T) => string,
	actual: (T | null)[] | null | undefined
): { text: string; holds: boolean }[] {
	if (!wanted?.length) return [];
	return [
		{
			text: `${text} ${wanted.map(label).join(' or ')}`,
			holds: !!actual && actual.some((value) => value !== null && wanted.includes(value))
		}
	];
}

/** The conditions over the linked ticket and issue (older policies have none of them). */
function linkedChecks(conditions: Partial<Conditions>, facts: MatchFacts) {
	const t = facts.ticket;
	const i = facts.issue;
	const same = (value: string) => value;
	return [
		...oneOf(
			conditions.ticketPriorities,
			'ticket priority',
			(p) => TICKET_PRIORITY_LABELS[p].toLowerCase(),
			t && [t.priority]
		),
		...oneOf(
			conditions.ticketStatuses,
			'ticket status',
			(s) => TICKET_STATUS_LABELS[s].toLowerCase(),
			t && [t.status]
		),
		...oneOf(conditions.ticketTypes, 'ticket type', same, t && [t.type]),
		...oneOf(conditions.ticketTags, 'ticket tagged', same, t?.tags),
		...oneOf(conditions.issueTypes, 'issue type', same, i && [i.type]),
		...oneOf(conditions.issuePriorities, 'issue priority', same, i && [i.priority]),
		...oneOf(conditions.issueSeverities, 'issue severity', same, i && [i.severity])
	];
}

const DAY = 86_400_000;
const money = new Intl.NumberFormat('en');

/** Each condition the policy sets, as a sentence and whether it holds. */
export function checkConditions(
	conditions: Conditions,
	facts: MatchFacts
): { text: string; holds: boolean }[] {
	const c = facts.customer;
	const checks: { text: string; holds: boolean }[] = [];
	if (conditions.arrAtLeast !== null) {
		checks.push({
			text: `ARR at least ${money.format(conditions.arrAtLeast)}`,
			holds: !!c && c.arr >= conditions.arrAtLeast
		});
	}
	if (conditions.arrBelow !== null) {
		checks.push({
			text: `ARR below ${money.format(conditions.arrBelow)}`,
			holds: !!c && c.arr < conditions.arrBelow
		});
	}
	if (conditions.tiers.length) {
		checks.push({
			text: `tier ${conditions.tiers.map((t) => TIER_LABELS[t]).join(' or ')}`,
			holds: !!c && conditions.tiers.includes(c.tier)
		});
	}
	if (conditions.sentiments.length) {
		checks.push({
			text: `sentiment ${conditions.sentiments.map((s) => SENTIMENT_LABELS[s].toLowerCase()).join(' or ')}`,
			holds: !!c && conditions.sentiments.includes(c.sentiment)
		});
	}
	if (conditions.renewalWithinDays !== null) {
		const days = c?.renewalOn
			? (Date.parse(`${c.renewalOn}T00:00Z`) - Date.parse(`${facts.today}T00:00Z`)) / DAY
			: null;
		checks.push({
			text: `renewal within ${conditions.renewalWithinDays} days`,
			holds: days !== null && days >= 0 && days <= conditions.renewalWithinDays
		});
	}
	if (conditions.severities.length) {
		checks.push({
			text: `severity ${conditions.severities.join(' or ')}`,
			holds: conditions.severities.includes(facts.severity)
		});
	}
	const departmentIds = conditions.departmentIds ?? [];
	if (departmentIds.length) {
		const d = facts.department;
		const holds = !!d && departmentIds.includes(d.id);
		checks.push({
			text: holds ? `assigned to ${d!.name}` : 'assigned to one of the chosen departments',
			holds
		});
	}
	const labels = conditions.labels ?? [];
	if (labels.length) {
		const found = labels.filter((label) => facts.labels.includes(label));
		checks.push({
			text: `labelled ${(found.length ? found : labels).join(' or ')}`,
			holds: found.length > 0
		});
	}
	checks.push(...linkedChecks(conditions, facts));
	return checks;
}

/** Whether the conditions hold, and the sentence that says why (shown on the escalation). */
export function matchConditions(
	conditions: Conditions,
	facts: MatchFacts
): { matches: boolean; why: string } {
	const checks = checkConditions(conditions, facts);
	if (checks.length === 0) return { matches: true, why: 'applies to every escalation' };
	const held = checks.filter((check) => check.holds);
	const matches = conditions.match === 'all' ? held.length === checks.length : held.length > 0;
	return { matches, why: held.map((check) => check.text).join(', ') };
}

/** The first policy, in order, whose conditions match; null when none does. */
export function firstMatchingPolicy<P extends { conditions: Conditions }>(
	policies: P[],
	facts: MatchFacts
): { policy: P; why: string } | null {
	for (const policy of policies) {
		const { matches, why } = matchConditions(policy.conditions, facts);
		if (matches) return { policy, why };
	}
	return null;
}
