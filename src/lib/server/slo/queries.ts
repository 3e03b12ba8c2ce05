// Reading SLOs: the policies in order, an escalation's clocks with their history and the
// policy that applies (and why), labels, and the escalations breached or breaching soon.
import { and, asc, desc, eq, inArray, isNotNull, lte, or, sql } from 'drizzle-orm';
import { useDb } from '../db/client';
import { escalationFactsIn } from '../escalations';
import { sloCalendar, sloNow } from './clocks';
import { applicablePolicyIn } from './evaluate';
import { sloClock, sloClockHistory, sloLabel, sloPolicy } from './schema';

/** The policies in the order they are tried. */
export async function listPolicies() {
	return useDb().select().from(sloPolicy).orderBy(asc(sloPolicy.position), asc(sloPolicy.id));
}
export type PolicyRow = Awaited<ReturnType<typeof listPolicies>>[number];

export async function policyById(policyId: number) {
	const [row] = await useDb().select().from(sloPolicy).where(eq(sloPolicy.id, policyId));
	return row ?? null;
}

/** An escalation's SLO: the policy that applies and why, its clocks, their history, labels. */
export async function sloOfEscalation(escalationId: number) {
	const db = useDb();
	const facts = await escalationFactsIn(db, escalationId);
	if (!facts) return null;
	const applies = await applicablePolicyIn(db, facts, sloNow());
	const clocks = await db
		.select()
		.from(sloClock)
		.where(eq(sloClock.escalationId, escalationId))
		.orderBy(asc(sloClock.id));
	const history = clocks.length
		? await db
				.select()
				.from(sloClockHistory)
				.where(
					inArray(
						sloClockHistory.clockId,
						clocks.map((c) => c.id)
					)
				)
				.orderBy(desc(sloClockHistory.at), desc(sloClockHistory.id))
				.limit(50)
		: [];
	const labels = await db
		.select({ label: sloLabel.label })
		.from(sloLabel)
		.where(eq(sloLabel.escalationId, escalationId))
		.orderBy(asc(sloLabel.label));
	return {
		policy: applies ? { id: applies.policy.id, name: applies.policy.name, why: applies.why } : null,
		clocks,
		history,
		labels: labels.map((l) => l.label),
		calendar: await sloCalendar()
	};
}

/** Labels by escalation, for a page of the list. */
export async function labelsOf(escalationIds: number[]): Promise<Record<number, string[]>> {
	if (escalationIds.length === 0) return {};
	const rows = await useDb()
		.select()
		.from(sloLabel)
		.where(inArray(sloLabel.escalationId, escalationIds))
		.orderBy(asc(sloLabel.label));
	const byId: Record<number, string[]> = {};
	for (const row of rows) (byId[row.escalationId] ??= []).push(row.label);
	return byId;
}

/** Every label in use, for the list's filter. */
export async function labelsInUse(): Promise<string[]> {
	const rows = await useDb()
		.selectDistinct({ label: sloLabel.label })
		.from(sloLabel)
		.orderBy(asc(sloLabel.label));
	return rows.map((row) => row.label);
}

/** How many escalations an SLO filter or sort may name: the list pages through these. */
const MAX_SLO_IDS = 5_000;

/**
 * Escalations by SLO standing, soonest due first: `breached` (a clock breached and not met),
 * `soon` (a running clock due within `withinMinutes`), with a `label`, or (no filter) every
 * escalation with a clock, for sorting the list by time left.
 */
export async function escalationIdsBySlo(
	filter: { standing?: 'breached' | 'soon'; label?: string },
	withinMinutes = 60
): Promise<number[]> {
	const now = sloNow();
	const conditions = [];
	if (filter.standing === 'breached') {
		conditions.push(
			and(eq(sloClock.level, 'breached'), inArray(sloClock.status, ['running', 'paused']))
		);
	}
	if (filter.standing === 'soon') {
		conditions.push(
			and(
				eq(sloClock.status, 'running'),
				isNotNull(sloClock.dueAt),
				lte(sloClock.dueAt, new Date(now.getTime() + withinMinutes * 60_000)),
				or(eq(sloClock.level, 'ok'), eq(sloClock.level, 'warned'))
			)
		);
	}
	const db = useDb();
	if (filter.label) {
		const labelled = await db
			.select({ id: sloLabel.escalationId })
			.from(sloLabel)
			.where(eq(sloLabel.label, filter.label))
			.limit(MAX_SLO_IDS);
		if (!filter.standing) {
			// A label stays after its clocks go (the policy changed): order what has clocks first.
			const ids = labelled.map((row) => row.id);
			const due = await escalationIdsBySlo({});
			return [...due.filter((id) => ids.includes(id)), ...ids.filter((id) => !due.includes(id))];
		}
		conditions.push(
			inArray(
				sloClock.escalationId,
				labelled.map((row) => row.id)
			)
		);
	}
	const rows = await db
		.select({ id: sloClock.escalationId })
		.from(sloClock)
		.where(and(...conditions))
		.groupBy(sloClock.escalationId)
		.orderBy(sql`min(${sloClock.dueAt}) asc nulls last`, asc(sloClock.escalationId))
		.limit(MAX_SLO_IDS);
	return rows.map((row) => row.id);
}

/** For a page of the list: each escalation's labels and its running clocks' soonest due time. */
export async function sloStandingOf(escalationIds: number[]) {
	const standing: Record<number, { labels: string[]; dueAt: Date | null; breached: boolean }> = {};
	if (escalationIds.length === 0) return standing;
	const labels = await labelsOf(escalationIds);
	const clocks = await useDb()
		.select({
			id: sloClock.escalationId,
			dueAt: sql<Date | null>`min(${sloClock.dueAt}) filter (where ${sloClock.status} = 'running')`,
			breached: sql<boolean>`bool_or(${sloClock.level} = 'breached' and ${sloClock.status} in ('running', 'paused'))`
		})
		.from(sloClock)
		.where(inArray(sloClock.escalationId, escalationIds))
		.groupBy(sloClock.escalationId);
	for (const id of escalationIds)
		standing[id] = { labels: labels[id] ?? [], dueAt: null, breached: false };
	for (const row of clocks) {
		standing[row.id].dueAt = row.dueAt ? new Date(row.dueAt) : null;
		standing[row.id].breached = Boolean(row.breached);
	}
	return standing;
}
