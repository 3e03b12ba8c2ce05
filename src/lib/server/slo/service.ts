// SLO policies: admins save, reorder and delete them. Each change re-evaluates the clocks of
// every unfinished escalation in the same transaction, so a policy edit applies at once.
import { asc, eq, sql } from 'drizzle-orm';
import { policyFormSchema, policyFromForm, triggersOf, type PolicyForm } from '$lib/slo/schemas';
import type { Transaction } from '../db/client';
import { parseOrRefuse, ServiceError } from '../errors';
import { escalationFactsIn, unfinishedEscalationIds } from '../escalations';
import { requireActiveAdmin } from '../org';
import { withEvents, type RecordEvent } from '../realtime';
import {
	advance,
	matchFactsIn,
	reconcile,
	reevaluateClocksIn,
	sloCalendar,
	sloNow,
	wantedFor
} from './clocks';
import { SLO_POLICIES_ROOM } from './events';
import { matchConditions } from './rules';
import { sloPolicy } from './schema';
import { timeZoneIn } from '../workspace';

async function reevaluateAll(tx: Transaction, record: RecordEvent, now: Date) {
	for (const id of await unfinishedEscalationIds(tx)) {
		await reevaluateClocksIn(tx, record, id, now);
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
		await reevaluateAll(tx, record, sloNow());
		await record(SLO_POLICIES_ROOM, 'slo.policies', { policyId: id }, actorId);
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
		await reevaluateAll(tx, record, sloNow());
		await record(SLO_POLICIES_ROOM, 'slo.policies', { policyId }, actorId);
	});
}

export async function deletePolicy(actorId: number, policyId: number) {
	await withEvents(async (tx, record) => {
		await requireActiveAdmin(tx, actorId, 'change SLO policies');
		const removed = await tx.delete(sloPolicy).where(eq(sloPolicy.id, policyId)).returning();
		if (removed.length === 0) throw new ServiceError('That policy does not exist.');
		await reevaluateAll(tx, record, sloNow());
		await record(SLO_POLICIES_ROOM, 'slo.policies', { policyId: null }, actorId);
	});
}

/**
 * "Try it": which unfinished escalations the policy would match (on its own conditions),
 * and when each of their triggers would fire if it applied from now. Writes nothing.
 */
export async function tryPolicy(raw: PolicyForm, now: Date = sloNow()) {
	const form = parseOrRefuse(policyFormSchema, raw);
	const { conditions, targets } = policyFromForm(form);
	return withEvents(async (tx) => {
		const calendar = await sloCalendar(tx);
		const timeZone = await timeZoneIn(tx);
		const results = [];
		for (const id of await unfinishedEscalationIds(tx)) {
			const facts = (await escalationFactsIn(tx, id))!;
			const match = matchConditions(conditions, await matchFactsIn(tx, facts, now, timeZone));
			if (!match.matches) continue;
			const clocks = targets.map((target) => {
				const { values } = reconcile(
					target,
					null,
					wantedFor(target, facts, null, now),
					now,
					calendar
				);
				const fires = values.runningSince
					? triggersOf(target).map((trigger) => ({
							kind: trigger.kind,
							at: advance(now, trigger.atMinute, target.businessHours, calendar)
						}))
					: [];
				return { kind: target.kind, status: values.status, reason: values.pausedReason, fires };
			});
			results.push({ escalationId: id, title: facts.title, why: match.why, clocks });
		}
		return results;
	});
}
