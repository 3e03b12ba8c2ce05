// The condition editor's fields as data: the admin page renders whatever this list holds,
// grouped by what they look at, so a new kind of condition (a linked ticket's priority, an
// engineering issue's type) is one entry here plus its field in the policy form.
import { CUSTOMER_TIERS, SENTIMENTS, SENTIMENT_LABELS, TIER_LABELS } from '$lib/customers/schemas';
import { SEVERITIES, SEVERITY_LABELS } from '$lib/report';

export type ConditionGroup = 'customer' | 'escalation';

export const CONDITION_GROUPS: Record<ConditionGroup, string> = {
	customer: 'The customer',
	escalation: 'The escalation'
};

interface Base {
	/** The policy form's field. */
	name: string;
	label: string;
	group: ConditionGroup;
	hint?: string;
}

/** One condition's field: a number, a set of choices (any of them), or free text. */
export type ConditionField =
	| (Base & { kind: 'number'; min: number; max: number })
	| (Base & {
			kind: 'choices';
			/** Fixed choices, or `from`: choices the page loads (departments). */
			options?: readonly { value: string | number; label: string }[];
			from?: 'departments';
	  })
	| (Base & { kind: 'text'; maxlength: number });

const choices = <T extends string>(values: readonly T[], labels: Record<T, string>) =>
	values.map((value) => ({ value, label: labels[value] }));

export const CONDITION_FIELDS: readonly ConditionField[] = [
	{
		name: 'arrAtLeast',
		label: 'ARR at least',
		group: 'customer',
		kind: 'number',
		min: 0,
		max: 1e9
	},
	{ name: 'arrBelow', label: 'ARR below', group: 'customer', kind: 'number', min: 0, max: 1e9 },
	{
		name: 'tiers',
		label: 'Support tier',
		group: 'customer',
		kind: 'choices',
		options: choices(CUSTOMER_TIERS, TIER_LABELS)
	},
	{
		name: 'renewalWithinDays',
		label: 'Renewal within (days)',
		group: 'customer',
		kind: 'number',
		min: 0,
		max: 3650
	},
	{
		name: 'sentiments',
		label: 'Sentiment',
		group: 'customer',
		kind: 'choices',
		options: choices(SENTIMENTS, SENTIMENT_LABELS)
	},
	{
		name: 'severities',
		label: 'Severity',
		group: 'escalation',
		kind: 'choices',
		options: choices(SEVERITIES, SEVERITY_LABELS)
	},
	{
		name: 'departmentIds',
		label: 'Assignee’s department',
		group: 'escalation',
		kind: 'choices',
		from: 'departments'
	},
	{
		name: 'labels',
		label: 'Has a label',
		group: 'escalation',
		kind: 'text',
		maxlength: 400,
		hint: 'Any of these, separated by commas.'
	}
];
