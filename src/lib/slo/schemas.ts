// SLO policies as the browser and the server both read them: conditions, targets,
// triggers and actions, and the admin form that builds one.
import { z } from 'zod';
import { CUSTOMER_TIERS, SENTIMENTS } from '$lib/customers/schemas';
import { SEVERITIES } from '$lib/report';
import { TICKET_PRIORITIES, TICKET_STATUSES } from '$lib/integrations/schemas';

/** What a target measures, and whose side's clock it is. */
export const TARGET_KINDS = ['first_response', 'update', 'resolution', 'support_answer'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];
export const TARGET_LABELS: Record<TargetKind, string> = {
	first_response: 'First response from engineering or product',
	update: 'Time since the last engineering update',
	resolution: 'Time open until resolved',
	support_answer: 'Support’s answer while waiting on support'
};
export const TARGET_SIDE: Record<TargetKind, 'engineering' | 'support'> = {
	first_response: 'engineering',
	update: 'engineering',
	resolution: 'engineering',
	support_answer: 'support'
};

/** What a clock shows: running, paused, met, warned (running past a warning), breached. */
export const CLOCK_STATES = ['running', 'paused', 'met', 'warned', 'breached', 'stopped'] as const;
export type ClockState = (typeof CLOCK_STATES)[number];

const values = <T extends readonly [string, ...string[]]>(options: T) =>
	z.array(z.enum(options)).max(options.length);

/** Words a tool names things with (types, tags, Jira priorities), compared in lower case. */
const words = z.array(z.string().trim().toLowerCase().min(1).max(60)).max(20);

/** The conditions: every one given must hold (`all`) or at least one (`any`). */
export const conditionsSchema = z.object({
	match: z.enum(['all', 'any']).default('all'),
	arrAtLeast: z.number().int().min(0).nullable().default(null),
	arrBelow: z.number().int().min(0).nullable().default(null),
	tiers: values(CUSTOMER_TIERS).default([]),
	sentiments: values(SENTIMENTS).default([]),
	renewalWithinDays: z.number().int().min(0).max(3650).nullable().default(null),
	severities: values(SEVERITIES).default([]),
	/** The assignee's department (policies saved before it existed have none). */
	departmentIds: z.array(z.number().int().positive()).max(50).default([]),
	/** Labels already on the escalation, any of them. */
	labels: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
	// From the linked support ticket and engineering issue (inbound integrations).
	ticketPriorities: values(TICKET_PRIORITIES).default([]),
	ticketStatuses: values(TICKET_STATUSES).default([]),
	ticketTypes: words.default([]),
	ticketTags: words.default([]),
	issueTypes: words.default([]),
	issuePriorities: words.default([]),
	issueSeverities: words.default([])
});
export type Conditions = z.output<typeof conditionsSchema>;

/**
 * Escalating up: nobody more; the lead of the assignee's team (the admins when the
 * escalation is unassigned, the team has no lead or the assignee is the lead); or the admins.
 */
export const ESCALATE_UP = ['off', 'lead', 'admins'] as const;
export type EscalateUp = (typeof ESCALATE_UP)[number];
export const ESCALATE_UP_LABELS: Record<EscalateUp, string> = {
	off: 'Don’t escalate',
	lead: 'Escalate up to the assignee’s team lead (the admins when there is none)',
	admins: 'Escalate up to the admins'
};

/** What happens when a trigger fires. */
export const actionsSchema = z.object({
	emailAssignee: z.boolean().default(false),
	emailTeam: z.boolean().default(false),
	emailAddresses: z.array(z.email()).max(20).default([]),
	/** People picked by name, emailed wherever they work. */
	emailPeople: z.array(z.number().int().positive()).max(50).default([]),
	notifyAssignee: z.boolean().default(true),
	/** Who else hears of it in the app (stored as `escalateToAdmins: true` before leads: "admins"). */
	escalateUp: z.enum(ESCALATE_UP).default('off'),
	chatWebhookUrl: z
		.url({ protocol: /^https?$/ })
		.nullable()
		.default(null),
	chatChannel: z.enum(['slack', 'teams']).default('slack'),
	label: z.string().trim().min(1).max(40).nullable().default(null)
});
export type SloActions = z.output<typeof actionsSchema>;

export const targetSchema = z.object({
	kind: z.enum(TARGET_KINDS),
	minutes: z.number().int().min(1).max(525_600),
	businessHours: z.boolean().default(false),
	/** Warnings at these percentages of the target, before the breach. */
	warnAt: z.array(z.number().int().min(1).max(99)).max(5).default([75]),
	repeatEveryMinutes: z.number().int().min(1).max(10_080).nullable().default(null),
	repeatTimes: z.number().int().min(0).max(20).default(0),
	/** What the breach and each repeat do. */
	actions: actionsSchema,
	/** What warnings do; null: the same as the breach, without its label and escalation. */
	warningActions: actionsSchema.nullable().default(null)
});
export type SloTarget = z.output<typeof targetSchema>;

/** Every trigger of a target in order: its offset into the target, in counted minutes. */
export function triggersOf(
	target: Pick<SloTarget, 'minutes' | 'warnAt' | 'repeatEveryMinutes' | 'repeatTimes'>
): { kind: 'warning' | 'breach' | 'repeat'; atMinute: number; percent: number }[] {
	const warnings = [...new Set(target.warnAt)]
		.sort((a, b) => a - b)
		.map((percent) => ({
			kind: 'warning' as const,
			atMinute: Math.max(1, Math.floor((target.minutes * percent) / 100)),
			percent
		}));
	const repeats = target.repeatEveryMinutes
		? Array.from({ length: target.repeatTimes }, (_, i) => ({
				kind: 'repeat' as const,
				atMinute: target.minutes + (i + 1) * target.repeatEveryMinutes!,
				percent: 100
			}))
		: [];
	return [...warnings, { kind: 'breach', atMinute: target.minutes, percent: 100 }, ...repeats];
}

const optionalWhole = (message: string, max: number) =>
	z
		.number({ error: message })
		.int(message)
		.min(0, message)
		.max(max, message)
		.nullable()
		.default(null);

const ids = z.array(z.number().int().positive()).max(50).default([]);

const addressList = z
	.string()
	.trim()
	.max(2000, 'Keep the list under 2,000 characters.')
	.refine(
		(text) =>
			text === '' || text.split(/[\s,;]+/).every((a) => a === '' || z.email().safeParse(a).success),
		'Separate whole email addresses with commas.'
	)
	.default('');

const labelText = z
	.string()
	.trim()
	.max(40, 'Keep the label under 40 characters.')
	.regex(/^[\w .:-]*$/, 'Use letters, digits, spaces, dots, colons and dashes.')
	.default('');

/** The breach's (and each repeat's) actions as form fields. */
const breachActionFields = {
	notifyAssignee: z.boolean().default(true),
	emailAssignee: z.boolean().default(false),
	emailTeam: z.boolean().default(false),
	emailPeople: ids,
	emailAddresses: addressList,
	chatPing: z.boolean().default(true),
	escalateUp: z.enum(ESCALATE_UP, { error: 'Choose who to escalate to.' }).default('off'),
	label: labelText
};

/** The warnings' own actions, used when `warnOwnActions` is set. */
const warningActionFields = {
	warnNotifyAssignee: z.boolean().default(true),
	warnEmailAssignee: z.boolean().default(false),
	warnEmailTeam: z.boolean().default(false),
	warnEmailPeople: ids,
	warnEmailAddresses: addressList,
	warnChatPing: z.boolean().default(false),
	warnEscalateUp: z.enum(ESCALATE_UP, { error: 'Choose who to escalate to.' }).default('off'),
	warnLabel: labelText
};

/** A comma-separated list of words in the form (`incident, problem`). */
const wordList = z
	.string()
	.trim()
	.max(400, 'Keep the list under 400 characters.')
	.regex(/^[\w .:,/-]*$/, 'Separate the words with commas (letters, digits, spaces, dashes).')
	.default('');

/** The words of a form's list, lower case, without repeats. */
export function splitWords(text: string): string[] {
	const list = text.split(',').map((word) => word.trim().toLowerCase().slice(0, 60));
	return [...new Set(list.filter(Boolean))].slice(0, 20);
}

/** The ticket and issue conditions as the form shows them (to edit a saved policy). */
export function ticketIssueFormOf(conditions: Partial<Conditions>) {
	return {
		ticketPriorities: conditions.ticketPriorities ?? [],
		ticketStatuses: conditions.ticketStatuses ?? [],
		ticketTypes: (conditions.ticketTypes ?? []).join(', '),
		ticketTags: (conditions.ticketTags ?? []).join(', '),
		issueTypes: (conditions.issueTypes ?? []).join(', '),
		issuePriorities: (conditions.issuePriorities ?? []).join(', '),
		issueSeverities: (conditions.issueSeverities ?? []).join(', ')
	};
}

/** The admin page's form: one policy, flat, turned into conditions and targets on save. */
export const policyFormSchema = z.object({
	id: z.number().int().positive().optional(),
	name: z
		.string()
		.trim()
		.min(1, 'Name the policy.')
		.max(100, 'Keep the name under 100 characters.'),
	match: z.enum(['all', 'any'], { error: 'Choose all or any.' }).default('all'),
	arrAtLeast: optionalWhole('Enter the ARR as a whole number.', 1_000_000_000),
	arrBelow: optionalWhole('Enter the ARR as a whole number.', 1_000_000_000),
	tiers: values(CUSTOMER_TIERS).default([]),
	sentiments: values(SENTIMENTS).default([]),
	renewalWithinDays: optionalWhole('Enter a number of days up to 3650.', 3650),
	severities: values(SEVERITIES).default([]),
	departmentIds: ids,
	labels: z
		.string()
		.trim()
		.max(400, 'Keep the labels under 400 characters.')
		.regex(/^[\w .:,-]*$/, 'Separate labels with commas; letters, digits, dots, colons, dashes.')
		.default(''),
	firstResponseMinutes: optionalWhole('Enter whole minutes, up to a year.', 525_600),
	updateMinutes: optionalWhole('Enter whole minutes, up to a year.', 525_600),
	resolutionMinutes: optionalWhole('Enter whole minutes, up to a year.', 525_600),
	supportAnswerMinutes: optionalWhole('Enter whole minutes, up to a year.', 525_600),
	// Each target counts calendar time (false) or the workspace's business hours (true).
	firstResponseBusinessHours: z.boolean().default(false),
	updateBusinessHours: z.boolean().default(false),
	resolutionBusinessHours: z.boolean().default(false),
	supportAnswerBusinessHours: z.boolean().default(false),
	warnAt: z
		.string()
		.trim()
		.max(30)
		.regex(/^(\d{1,2}\s*(,\s*\d{1,2}\s*)*)?$/, 'Enter percentages from 1 to 99, like “50, 75”.')
		.default('75'),
	repeatEveryMinutes: optionalWhole('Enter whole minutes, up to a week.', 10_080),
	repeatTimes: z
		.number({ error: 'Enter how many times, up to 20.' })
		.int('Enter how many times, up to 20.')
		.min(0, 'Enter how many times, up to 20.')
		.max(20, 'Enter how many times, up to 20.')
		.default(0),
	chatWebhookUrl: z
		.union([
			z.literal(''),
			z.url({ protocol: /^https?$/, error: 'Enter the webhook’s full https:// address.' })
		])
		.default(''),
	chatChannel: z.enum(['slack', 'teams'], { error: 'Choose Slack or Teams.' }).default('slack'),
	...breachActionFields,
	/** Warnings do what the breach does (without its label and escalation), or their own set. */
	warnOwnActions: z.boolean().default(false),
	...warningActionFields,
	// The linked ticket's and issue's conditions (TicketIssueConditions.svelte).
	ticketPriorities: values(TICKET_PRIORITIES).default([]),
	ticketStatuses: values(TICKET_STATUSES).default([]),
	ticketTypes: wordList,
	ticketTags: wordList,
	issueTypes: wordList,
	issuePriorities: wordList,
	issueSeverities: wordList
});
export type PolicyForm = z.output<typeof policyFormSchema>;

/** Each target's two form fields: its minutes and whether it counts business hours. */
export const TARGET_FIELDS = {
	first_response: {
		minutes: 'firstResponseMinutes',
		businessHours: 'firstResponseBusinessHours'
	},
	update: { minutes: 'updateMinutes', businessHours: 'updateBusinessHours' },
	resolution: { minutes: 'resolutionMinutes', businessHours: 'resolutionBusinessHours' },
	support_answer: { minutes: 'supportAnswerMinutes', businessHours: 'supportAnswerBusinessHours' }
} as const satisfies Record<
	TargetKind,
	{ minutes: keyof PolicyForm; businessHours: keyof PolicyForm }
>;

const splitList = (text: string) =>
	text
		.split(/[\s,;]+/)
		.map((part) => part.trim())
		.filter(Boolean);

/** One trigger's actions from the form's fields (`warn` for the warnings' set). */
function actionsFrom(form: PolicyForm, prefix: '' | 'warn'): SloActions {
	const f = form as unknown as Record<string, unknown>;
	const get = <T>(name: string) =>
		f[prefix ? `${prefix}${name[0].toUpperCase()}${name.slice(1)}` : name] as T;
	return {
		notifyAssignee: get<boolean>('notifyAssignee'),
		emailAssignee: get<boolean>('emailAssignee'),
		emailTeam: get<boolean>('emailTeam'),
		emailPeople: [...new Set(get<number[]>('emailPeople'))],
		emailAddresses: splitList(get<string>('emailAddresses')),
		escalateUp: get<EscalateUp>('escalateUp'),
		chatWebhookUrl: get<boolean>('chatPing') ? form.chatWebhookUrl || null : null,
		chatChannel: form.chatChannel,
		label: get<string>('label') || null
	};
}

/** The form's flat fields as stored conditions and targets. */
export function policyFromForm(form: PolicyForm): { conditions: Conditions; targets: SloTarget[] } {
	const actions = actionsFrom(form, '');
	const warningActions = form.warnOwnActions ? actionsFrom(form, 'warn') : null;
	const warnAt = form.warnAt
		.split(',')
		.map((p) => Number(p.trim()))
		.filter((p) => p >= 1 && p <= 99);
	const targets = TARGET_KINDS.flatMap((kind) =>
		form[TARGET_FIELDS[kind].minutes]
			? [
					{
						kind,
						minutes: form[TARGET_FIELDS[kind].minutes]!,
						businessHours: form[TARGET_FIELDS[kind].businessHours],
						warnAt,
						repeatEveryMinutes: form.repeatEveryMinutes || null,
						repeatTimes: form.repeatEveryMinutes ? form.repeatTimes : 0,
						actions,
						warningActions
					}
				]
			: []
	);
	return {
		conditions: {
			match: form.match,
			arrAtLeast: form.arrAtLeast,
			arrBelow: form.arrBelow,
			tiers: form.tiers,
			sentiments: form.sentiments,
			renewalWithinDays: form.renewalWithinDays,
			severities: form.severities,
			departmentIds: [...new Set(form.departmentIds)],
			labels: [...new Set(splitList(form.labels.replaceAll(',', ' ')))],
			ticketPriorities: form.ticketPriorities,
			ticketStatuses: form.ticketStatuses,
			ticketTypes: splitWords(form.ticketTypes),
			ticketTags: splitWords(form.ticketTags),
			issueTypes: splitWords(form.issueTypes),
			issuePriorities: splitWords(form.issuePriorities),
			issueSeverities: splitWords(form.issueSeverities)
		},
		targets
	};
}

/** A stored policy back as the form's fields, for editing it. */
export function formFromPolicy(policy: {
	id: number;
	name: string;
	conditions: Conditions;
	targets: SloTarget[];
}): PolicyForm {
	const c = policy.conditions;
	const first = policy.targets[0];
	const asFields = (a: SloActions | null | undefined, prefix: '' | 'warn') => {
		const name = (n: string) => (prefix ? `${prefix}${n[0].toUpperCase()}${n.slice(1)}` : n);
		if (!a) return {};
		return {
			[name('notifyAssignee')]: a.notifyAssignee,
			[name('emailAssignee')]: a.emailAssignee,
			[name('emailTeam')]: a.emailTeam,
			[name('emailPeople')]: a.emailPeople ?? [],
			[name('emailAddresses')]: a.emailAddresses.join(', '),
			[name('chatPing')]: Boolean(a.chatWebhookUrl),
			[name('escalateUp')]: a.escalateUp,
			[name('label')]: a.label ?? ''
		};
	};
	const webhook = first?.actions.chatWebhookUrl ?? first?.warningActions?.chatWebhookUrl ?? '';
	return policyFormSchema.parse({
		id: policy.id,
		name: policy.name,
		match: c.match,
		arrAtLeast: c.arrAtLeast,
		arrBelow: c.arrBelow,
		tiers: c.tiers,
		sentiments: c.sentiments,
		renewalWithinDays: c.renewalWithinDays,
		severities: c.severities,
		departmentIds: c.departmentIds ?? [],
		labels: (c.labels ?? []).join(', '),
		...ticketIssueFormOf(c),
		...Object.fromEntries(
			TARGET_KINDS.flatMap((kind) => {
				const target = policy.targets.find((t) => t.kind === kind);
				const fields = TARGET_FIELDS[kind];
				return [
					[fields.minutes, target?.minutes ?? null],
					[fields.businessHours, target?.businessHours ?? false]
				];
			})
		),
		warnAt: (first?.warnAt ?? [75]).join(', '),
		repeatEveryMinutes: first?.repeatEveryMinutes ?? null,
		repeatTimes: first?.repeatTimes ?? 0,
		chatWebhookUrl: webhook,
		chatChannel: first?.actions.chatChannel ?? 'slack',
		...asFields(first?.actions, ''),
		warnOwnActions: Boolean(first?.warningActions),
		...asFields(first?.warningActions, 'warn')
	});
}
