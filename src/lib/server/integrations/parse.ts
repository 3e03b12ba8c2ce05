// Reading a verified delivery: each tool's body shape turned into one ticket or issue with
// its facts, in Tandem's words. Pure: the service decides what to do with it.
import type { IntegrationSource, TicketPriority, TicketStatus } from '$lib/integrations/schemas';

/** What a delivery says about one ticket or issue. */
export interface ParsedItem {
	kind: 'ticket' | 'issue';
	externalKey: string;
	title: string | null;
	url: string | null;
	status: string | null;
	priority: string | null;
	type: string | null;
	severity: string | null;
	tags: string[] | null;
	/** Escalation numbers found in links to Tandem's escalation pages inside the body. */
	escalationIds: number[];
}

export type Parsed =
	{ ok: true; event: string; items: ParsedItem[] } | { ok: false; event: string; reason: string };

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
	typeof value === 'object' && value !== null && !Array.isArray(value);
/** A short text fact: trimmed, bounded, without NUL (PostgreSQL refuses it in text). */
function text(value: unknown, max = 300): string | null {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value !== 'string') return null;
	const clean = value.replace(/\0/g, '').trim().slice(0, max);
	return clean || null;
}
const lower = (value: unknown) => text(value, 60)?.toLowerCase() ?? null;
const KEY = /^[\w-]{1,60}$/;

/** Links to `/escalations/<n>` anywhere in the body (a description, a custom field, a comment). */
export function escalationLinksIn(raw: string): number[] {
	const found = new Set<number>();
	// JSON may escape slashes (`\/escalations\/42`): read the links either way.
	for (const match of raw
		.replace(/\\\//g, '/')
		.matchAll(/\/escalations\/([1-9]\d{0,9})(?![\d])/g)) {
		const id = Number(match[1]);
		if (id <= 2_147_483_647) found.add(id);
		if (found.size >= 5) break;
	}
	return [...found];
}

function tagList(value: unknown): string[] | null {
	const list = Array.isArray(value)
		? value
		: typeof value === 'string'
			? value.split(/[\s,]+/)
			: null;
	if (!list) return null;
	return [...new Set(list.map((tag) => lower(tag)).filter((t): t is string => !!t))].slice(0, 50);
}

const ZENDESK_STATUSES: Record<string, TicketStatus> = {
	new: 'new',
	open: 'open',
	pending: 'pending',
	hold: 'hold',
	'on-hold': 'hold',
	solved: 'solved',
	closed: 'closed'
};
const FRESHDESK_STATUSES: Record<string, TicketStatus> = {
	'2': 'open',
	'3': 'pending',
	'4': 'solved',
	'5': 'closed',
	open: 'open',
	pending: 'pending',
	resolved: 'solved',
	closed: 'closed'
};
const PRIORITIES: Record<string, TicketPriority> = {
	'1': 'low',
	'2': 'normal',
	'3': 'high',
	'4': 'urgent',
	low: 'low',
	normal: 'normal',
	medium: 'normal',
	high: 'high',
	urgent: 'urgent'
};

function ticket(fields: Json, key: unknown, statuses: Record<string, TicketStatus>, raw: string) {
	const externalKey = text(key, 60);
	if (!externalKey || !KEY.test(externalKey)) return null;
	const status = lower(fields.status);
	const priority = lower(fields.priority);
	return {
		kind: 'ticket' as const,
		externalKey,
		title: text(fields.subject),
		url: text(fields.url ?? fields.link, 500),
		status: status ? (statuses[status] ?? null) : null,
		priority: priority ? (PRIORITIES[priority] ?? null) : null,
		type: lower(fields.type ?? fields.ticket_type),
		severity: null,
		tags: tagList(fields.tags),
		escalationIds: escalationLinksIn(raw)
	};
}

/** Zendesk: a ticket event (`zen:event-type:ticket.*`, facts in `detail`) or a trigger's body. */
function zendesk(body: Json, raw: string): Parsed {
	const type = text(body.type) ?? '';
	if (type) {
		if (!type.startsWith('zen:event-type:ticket.')) {
			return { ok: true, event: type, items: [] };
		}
		if (!isObject(body.detail))
			return { ok: false, event: type, reason: 'No ticket in the event.' };
		const item = ticket(body.detail, body.detail.id, ZENDESK_STATUSES, raw);
		return item
			? { ok: true, event: type, items: [item] }
			: { ok: false, event: type, reason: 'The ticket has no id.' };
	}
	const fields = isObject(body.ticket) ? body.ticket : body;
	const item = ticket(fields, fields.id, ZENDESK_STATUSES, raw);
	return item
		? { ok: true, event: 'trigger', items: [item] }
		: { ok: false, event: 'trigger', reason: 'The body names no ticket id.' };
}

/** Freshdesk: the documented template (`{"ticket": {"id": …, "status": 2, …}}`). */
function freshdesk(body: Json, raw: string): Parsed {
	const fields = isObject(body.ticket) ? body.ticket : body;
	const item = ticket(fields, fields.id, FRESHDESK_STATUSES, raw);
	return item
		? { ok: true, event: 'automation', items: [item] }
		: { ok: false, event: 'automation', reason: 'The body names no ticket id.' };
}

const named = (value: unknown) => lower(isObject(value) ? (value.name ?? value.value) : value);

/** Jira Cloud: `jira:issue_created` / `jira:issue_updated` with the issue's fields. */
function jira(body: Json, raw: string, severityField: string): Parsed {
	const event = text(body.webhookEvent) ?? '';
	if (event !== 'jira:issue_created' && event !== 'jira:issue_updated') {
		return { ok: true, event: event || 'unknown', items: [] };
	}
	const issue = body.issue;
	if (!isObject(issue) || !isObject(issue.fields)) {
		return { ok: false, event, reason: 'No issue in the event.' };
	}
	const key = text(issue.key, 60);
	if (!key || !KEY.test(key)) return { ok: false, event, reason: 'The issue has no key.' };
	const fields = issue.fields;
	const self = text(issue.self, 500);
	const site = self?.match(/^https:\/\/[^/]+/)?.[0];
	return {
		ok: true,
		event,
		items: [
			{
				kind: 'issue',
				externalKey: key,
				title: text(fields.summary),
				url: site ? `${site}/browse/${key}` : null,
				status: named(fields.status),
				priority: named(fields.priority),
				type: named(fields.issuetype),
				severity: severityField ? named(fields[severityField]) : null,
				tags: tagList(fields.labels),
				escalationIds: escalationLinksIn(raw)
			}
		]
	};
}

/** One Asana task event: what it says about the task (Asana sends compact events). */
function asanaItem(event: Json, raw: string, severityField: string): ParsedItem | null {
	const resource = event.resource;
	if (!isObject(resource) || resource.resource_type !== 'task') return null;
	const key = text(resource.gid, 60);
	if (!key || !KEY.test(key)) return null;
	const action = text(event.action);
	const change = isObject(event.change) ? event.change : {};
	let status: string | null = action === 'added' ? 'open' : action === 'deleted' ? 'deleted' : null;
	if (change.field === 'completed' && typeof change.new_value === 'boolean') {
		status = change.new_value ? 'completed' : 'open';
	}
	let priority: string | null = null;
	let severity: string | null = null;
	const value = isObject(change.new_value) ? change.new_value : null;
	if (change.field === 'custom_fields' && value) {
		const field = lower(value.name);
		const chosen = named(value.enum_value) ?? lower(value.display_value);
		if (field === 'priority') priority = chosen;
		if (field && field === severityField.toLowerCase()) severity = chosen;
	}
	return {
		kind: 'issue',
		externalKey: key,
		title: text(resource.name),
		url: null,
		status,
		priority,
		type: 'task',
		severity,
		tags: null,
		escalationIds: escalationLinksIn(raw)
	};
}

function asana(body: Json, raw: string, severityField: string): Parsed {
	if (!Array.isArray(body.events)) return { ok: false, event: 'events', reason: 'No events list.' };
	const items = body.events
		.slice(0, 100)
		.filter(isObject)
		.map((event) => asanaItem(event, raw, severityField))
		.filter((item): item is ParsedItem => item !== null);
	return { ok: true, event: 'task events', items };
}

/** The delivery's ticket or issues, or why it cannot be read. */
export function parseDelivery(
	source: IntegrationSource,
	raw: string,
	severityField: string
): Parsed {
	let body: unknown;
	try {
		body = JSON.parse(raw);
	} catch {
		return { ok: false, event: '', reason: 'The body is not JSON.' };
	}
	if (!isObject(body)) return { ok: false, event: '', reason: 'The body is not a JSON object.' };
	switch (source) {
		case 'zendesk':
			return zendesk(body, raw);
		case 'freshdesk':
			return freshdesk(body, raw);
		case 'jira':
			return jira(body, raw, severityField);
		case 'asana':
			return asana(body, raw, severityField);
	}
}
