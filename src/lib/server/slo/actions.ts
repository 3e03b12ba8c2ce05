// What a trigger does: an inbox notification (and escalating it up to the assignee's team
// lead or the admins), email through the outbox, a chat message to a Slack or Teams
// webhook, a label on the escalation. Every message's key names the clock, its cycle and
// the trigger, so a trigger's effects happen once even when it is retried.
import { and, eq, inArray } from 'drizzle-orm';
import { TARGET_LABELS, type SloActions, type SloTarget } from '$lib/slo/schemas';
import type { Transaction } from '../db/client';
import type { EscalationFacts } from '../escalations';
import { notifyAll, publicOrigin, type Notice } from '../notifications';
import { person, teamLeadsOfPeople } from '../org';
import { enqueueChat, enqueueEmail } from '../outbox';
import type { RecordEvent } from '../realtime';
import type { ClockRow } from './clocks';
import { sloLabel } from './schema';

export interface Firing {
	clock: ClockRow;
	target: SloTarget;
	facts: EscalationFacts;
	trigger: { kind: 'warning' | 'breach' | 'repeat'; percent: number; number: number };
}

function formatDue(at: Date | null): string {
	return at ? at.toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : 'when work resumes';
}

/** One line that says what happened, for the inbox, an email subject and a chat message. */
export function alertText({ clock, target, facts, trigger }: Firing): string {
	const what = TARGET_LABELS[target.kind].toLowerCase();
	const about = `escalation #${facts.id}${facts.customerName ? ` (${facts.customerName})` : ''}`;
	if (trigger.kind === 'warning') {
		return `SLO warning on ${about}: ${trigger.percent}% of ${what} used, due ${formatDue(clock.dueAt)}`;
	}
	if (trigger.kind === 'breach') return `SLO breached on ${about}: ${what}`;
	return `SLO still breached on ${about}: ${what} (reminder ${trigger.number})`;
}

/** What this trigger does: warnings have their own set, or the breach's without escalating. */
export function actionsFor(target: SloTarget, kind: Firing['trigger']['kind']): SloActions {
	if (kind !== 'warning') return target.actions;
	return target.warningActions ?? { ...target.actions, escalateUp: 'off', label: null };
}

async function emailsOf(tx: Transaction, actions: SloActions, facts: EscalationFacts) {
	const emails = new Set(actions.emailAddresses.map((a) => a.toLowerCase()));
	const picked = actions.emailPeople ?? [];
	if (picked.length) {
		const rows = await tx
			.select({ email: person.email })
			.from(person)
			.where(and(inArray(person.id, picked), eq(person.active, true)));
		for (const row of rows) emails.add(row.email.toLowerCase());
	}
	if (facts.assigneeId && (actions.emailAssignee || actions.emailTeam)) {
		const [assignee] = await tx
			.select({ email: person.email, teamId: person.teamId })
			.from(person)
			.where(eq(person.id, facts.assigneeId));
		if (assignee && actions.emailAssignee) emails.add(assignee.email.toLowerCase());
		if (assignee?.teamId && actions.emailTeam) {
			const team = await tx
				.select({ email: person.email })
				.from(person)
				.where(and(eq(person.teamId, assignee.teamId), eq(person.active, true)));
			for (const member of team) emails.add(member.email.toLowerCase());
		}
	}
	return [...emails];
}

/** What a sweep's firings share, read once per sweep. */
export interface ActionCache {
	admins?: number[];
	/** The lead of each assignee's team, for the firings that escalate up to a lead. */
	leads?: Map<number, number>;
}

async function adminIds(tx: Transaction, cache: ActionCache): Promise<number[]> {
	if (cache.admins) return cache.admins;
	const rows = await tx
		.select({ id: person.id })
		.from(person)
		.where(and(eq(person.role, 'admin'), eq(person.active, true)));
	return (cache.admins = rows.map((row) => row.id));
}

/**
 * Who an escalation goes up to: with `lead`, the lead of the assignee's team; the admins
 * when it is unassigned, the team has no active lead or the assignee leads it (escalating
 * to oneself tells nobody more); with `admins`, the admins.
 */
async function escalateUpTo(
	tx: Transaction,
	cache: ActionCache,
	actions: SloActions,
	facts: EscalationFacts
): Promise<number[]> {
	if (actions.escalateUp === 'off' || !actions.escalateUp) return [];
	if (actions.escalateUp === 'lead' && facts.assigneeId) {
		const lead = cache.leads?.get(facts.assigneeId);
		if (lead && lead !== facts.assigneeId) return [lead];
	}
	return adminIds(tx, cache);
}

/**
 * Runs a sweep's firings' actions inside the firing transaction, batched: one set of
 * inbox notices, emails and chat messages keyed per trigger, the labels in one insert.
 * Answers the escalations that got a new label (their conditions may now match another
 * policy).
 */
export async function runActions(
	tx: Transaction,
	record: RecordEvent,
	firings: Firing[]
): Promise<Set<number>> {
	const assignees = firings
		.filter((f) => actionsFor(f.target, f.trigger.kind).escalateUp === 'lead')
		.flatMap((f) => (f.facts.assigneeId ? [f.facts.assigneeId] : []));
	const cache: ActionCache = { leads: await teamLeadsOfPeople(tx, assignees) };
	const notices: { personIds: Set<number>; notice: Notice }[] = [];
	const labels = new Map<string, { escalationId: number; label: string }>();
	for (const firing of firings) {
		const { clock, target, facts, trigger } = firing;
		const actions = actionsFor(target, trigger.kind);
		const text = alertText(firing);
		const href = `/escalations/${facts.id}`;
		const link = `${publicOrigin()}${href}`;
		const key = `slo:${clock.id}:${clock.cycleStart.getTime()}:${clock.fired}`;
		const people = new Set<number>();
		if (actions.notifyAssignee) people.add(facts.assigneeId ?? facts.reporterId);
		for (const id of await escalateUpTo(tx, cache, actions, facts)) people.add(id);
		notices.push({ personIds: people, notice: { kind: 'slo.alert', text, href } });
		for (const to of await emailsOf(tx, actions, facts)) {
			await enqueueEmail(tx, {
				key: `${key}:${to}`,
				to,
				subject: text.slice(0, 240),
				text: `${text}\n\n“${facts.title}”\nStatus: ${facts.status.replaceAll('_', ' ')} · severity ${facts.severity}\n${link}\n`
			});
		}
		if (actions.chatWebhookUrl) {
			await enqueueChat(tx, {
				key: `${key}:chat`,
				channel: actions.chatChannel,
				webhookUrl: actions.chatWebhookUrl,
				text: `${text}\n“${facts.title}” · ${facts.severity} · ${facts.status.replaceAll('_', ' ')}\n${link}`
			});
		}
		if (actions.label) {
			labels.set(`${facts.id}:${actions.label}`, { escalationId: facts.id, label: actions.label });
		}
	}
	await notifyAll(tx, record, notices, null);
	if (labels.size === 0) return new Set();
	const added = await tx
		.insert(sloLabel)
		.values([...labels.values()])
		.onConflictDoNothing()
		.returning({ escalationId: sloLabel.escalationId });
	return new Set(added.map((row) => row.escalationId));
}
