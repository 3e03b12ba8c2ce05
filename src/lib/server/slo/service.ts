// SLO policies: admins save, reorder and delete them. Each change re-evaluates the clocks of
// every unfinished escalation in the same transaction, so a policy edit applies at once.
import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { BusinessCalendar } from '$lib/business-time';
import {
	policyFormSchema,
	policyFromForm,
	triggersOf,
	type PolicyForm,
	type SloTarget
} from '$lib/slo/schemas';
import type { Executor, Transaction } from '../db/client';
import { parseOrRefuse, ServiceError } from '../errors';
import { escalationFactsOf, unfinishedEscalationIds, type EscalationFacts } from '../escalations';
import { department, person, requireActiveAdmin } from '../org';
import { withEvents, type RecordEvent } from '../realtime';
import { advance, reconcile, sloNow, wantedFor } from './clocks';
import { matchFactsOf, reevaluateMany } from './evaluate';
import { SLO_POLICIES_ROOM } from './events';
import { firstMatchingPolicy, matchConditions } from './rules';
import { sloPolicy } from './schema';
import { loadSloSettings } from './settings';

/** Escalations re-evaluated per batch after a policy change. */
const BATCH = 500;

/**
 * Re-evaluates every unfinished escalation's clocks after a policy change, with the
 * settings as this transaction sees them (its own change included). Carried clocks keep
 * their time and the triggers they reached: an edit never restarts them from now.
 */
async function reevaluateAll(tx: Transaction, record: RecordEvent, now: Date) {
	const settings = await loadSloSettings(tx);
	const ids = await unfinishedEscalationIds(tx);
	for (let i = 0; i < ids.length; i += BATCH) {
		await reevaluateMany(tx, record, ids.slice(i, i + BATCH), now, {
			settings,
			policiesEdited: true
		});
	}
}

/** Creates a policy (last in order) or updates the one `form.id` names; answers its id. */
export async function savePolicy(actorId: number, raw: PolicyForm): Promise<number> {
	const form = parseOrRefuse(policyFormSchema, raw);
	const { conditions, targets } = policyFromForm(form);
	if (targets.length === 0) {
		throw new ServiceError('Set at least one target in minutes.', 'firstResponseMinutes');
	}
	return withEvents(async (tx, record) => {
		await requireActiveAdmin(tx, actorId, 'change SLO policies');
		await checkReferences(tx, form);
		let id = form.id;
		if (id) {
			const [updated] = await tx
				.update(sloPolicy)
				.set({ name: form.name, conditions, targets, updatedAt: sql`now()` })
				.where(eq(sloPolicy.id, id))
				.returning({ id: sloPolicy.id });
			if (!updated) throw new ServiceError('That policy does not exist.');
		} else {
			const [{ last }] = await tx
				.select({ last: sql<number>`coalesce(max(${sloPolicy.position}), 0)` })
				.from(sloPolicy);
			[{ id }] = await tx
				.insert(sloPolicy)
				.values({ name: form.name, position: Number(last) + 1, conditions, targets })
				.returning({ id: sloPolicy.id });
		}
		await record(SLO_POLICIES_ROOM, 'slo.policies', { policyId: id }, actorId);
		await reevaluateAll(tx, record, sloNow());
		return id;
	});
}

/** Moves a policy one place earlier or later in the order. */
export async function movePolicy(actorId: number, policyId: number, direction: 'up' | 'down') {
	await withEvents(async (tx, record) => {
		await requireActiveAdmin(tx, actorId, 'change SLO policies');
		const policies = await tx
			.select({ id: sloPolicy.id })
			.from(sloPolicy)
			.orderBy(asc(sloPolicy.position), asc(sloPolicy.id))
			.for('update');
		const from = policies.findIndex((p) => p.id === policyId);
		if (from < 0) throw new ServiceError('That policy does not exist.');
		const to = direction === 'up' ? from - 1 : from + 1;
		if (to < 0 || to >= policies.length) return;
		[policies[from], policies[to]] = [policies[to], policies[from]];
		for (const [index, policy] of policies.entries()) {
			await tx
				.update(sloPolicy)
				.set({ position: index + 1 })
				.where(eq(sloPolicy.id, policy.id));
		}
		await record(SLO_POLICIES_ROOM, 'slo.policies', { policyId }, actorId);
		await reevaluateAll(tx, record, sloNow());
	});
}

export async function deletePolicy(actorId: number, policyId: number) {
	await withEvents(async (tx, record) => {
		await requireActiveAdmin(tx, actorId, 'change SLO policies');
		const removed = await tx.delete(sloPolicy).where(eq(sloPolicy.id, policyId)).returning();
		if (removed.length === 0) throw new ServiceError('That policy does not exist.');
		await record(SLO_POLICIES_ROOM, 'slo.policies', { policyId: null }, actorId);
		await reevaluateAll(tx, record, sloNow());
	});
}

/** Turns the draft's unknown departments or people into a refusal next to their field. */
async function checkReferences(tx: Executor, form: PolicyForm) {
	const known = async (table: typeof department | typeof person, ids: number[]) => {
		if (ids.length === 0) return true;
		const rows = await tx.select({ id: table.id }).from(table).where(inArray(table.id, ids));
		return rows.length === new Set(ids).size;
	};
	if (!(await known(department, form.departmentIds))) {
		throw new ServiceError('Choose departments from the list.', 'departmentIds');
	}
	if (!(await known(person, form.emailPeople))) {
		throw new ServiceError('Choose people from the list.', 'emailPeople');
	}
	if (form.warnOwnActions && !(await known(person, form.warnEmailPeople))) {
		throw new ServiceError('Choose people from the list.', 'warnEmailPeople');
	}
}

/** Turns a policy on or off; off, it matches nothing and its clocks go. */
export async function setPolicyEnabled(actorId: number, policyId: number, enabled: boolean) {
	await withEvents(async (tx, record) => {
		await requireActiveAdmin(tx, actorId, 'change SLO policies');
		const changed = await tx
			.update(sloPolicy)
			.set({ enabled, updatedAt: sql`now()` })
			.where(eq(sloPolicy.id, policyId))
			.returning({ id: sloPolicy.id });
		if (changed.length === 0) throw new ServiceError('That policy does not exist.');
		await record(SLO_POLICIES_ROOM, 'slo.policies', { policyId }, actorId);
		await reevaluateAll(tx, record, sloNow());
	});
}

/** What "try it" found for one open escalation. */
export interface TriedEscalation {
	escalationId: number;
	title: string;
	why: string;
	/** Set when an earlier policy matches first, so the draft would not apply. */
	takenBy: string | null;
	clocks: {
		kind: SloTarget['kind'];
		status: string;
		reason: string | null;
		fires: { kind: 'warning' | 'breach' | 'repeat'; percent: number; at: Date }[];
	}[];
}

/**
 * "Try it": which unfinished escalations the draft would match, in its place in the order
 * (where it is, or last when new; disabled policies skipped), and when each of their
 * triggers would fire if it applied from now. Writes nothing.
 */
export async function tryPolicy(raw: PolicyForm, now: Date = sloNow()): Promise<TriedEscalation[]> {
	const form = parseOrRefuse(policyFormSchema, raw);
	const draft = { id: form.id ?? 0, name: form.name, ...policyFromForm(form) };
	return withEvents(async (tx) => {
		const { calendar, timeZone, policies: saved } = await loadSloSettings(tx);
		const order = form.id
			? [...saved.filter((p) => p.position < positionOf(saved, form.id!)), draft]
			: [...saved, draft];
		const results: TriedEscalation[] = [];
		const ids = await unfinishedEscalationIds(tx);
		for (let i = 0; i < ids.length; i += BATCH) {
			const batch = (await escalationFactsOf(tx, ids.slice(i, i + BATCH))).sort(
				(a, b) => a.id - b.id
			);
			const matchFacts = await matchFactsOf(tx, batch, now, timeZone);
			for (const facts of batch) {
				const own = matchConditions(draft.conditions, matchFacts.get(facts.id)!);
				if (!own.matches) continue;
				const first = firstMatchingPolicy(order, matchFacts.get(facts.id)!);
				const takenBy = first && first.policy !== draft ? first.policy.name : null;
				const clocks = takenBy ? [] : draft.targets.map((t) => triedClock(t, facts, now, calendar));
				results.push({ escalationId: facts.id, title: facts.title, why: own.why, takenBy, clocks });
			}
		}
		return results;
	});
}

/** Where the policy being edited sits (a disabled one keeps its place). */
function positionOf(policies: { id: number; position: number }[], id: number) {
	return policies.find((p) => p.id === id)?.position ?? Number.MAX_SAFE_INTEGER;
}

function triedClock(
	target: SloTarget,
	facts: EscalationFacts,
	now: Date,
	calendar: BusinessCalendar
): TriedEscalation['clocks'][number] {
	const { values } = reconcile(target, null, wantedFor(target, facts, null, now), now, calendar);
	const fires = values.runningSince
		? triggersOf(target).map((trigger) => ({
				kind: trigger.kind,
				percent: trigger.percent,
				at: advance(now, trigger.atMinute, target.businessHours, calendar)
			}))
		: [];
	return { kind: target.kind, status: values.status, reason: values.pausedReason, fires };
}
