// Monthly figures of escalations for the monthly sync (and anyone else reading a period):
// how many opened and closed, which stayed open too long, and the high-priority open ones
// with their customers. Each is one aggregate query over the period.
import { sql } from 'drizzle-orm';
import { rowsOf, useDb } from '../db/client';

/** A half-open span of time [from, to). */
export interface Span {
	from: Date;
	to: Date;
}

const UNFINISHED = sql.raw(`('open', 'in_progress', 'waiting_on_support')`);

/** Escalations opened, and resolved or closed, within each span (one scan for all). */
export async function escalationCountsIn(spans: Span[]) {
	if (spans.length === 0) return [];
	const columns = spans.map(
		(s, i) => sql`count(*) filter (where e.opened_at >= ${s.from.toISOString()}::timestamptz
			and e.opened_at < ${s.to.toISOString()}::timestamptz)::int as ${sql.raw(`opened_${i}`)},
		count(*) filter (where coalesce(e.resolved_at, e.closed_at) >= ${s.from.toISOString()}::timestamptz
			and coalesce(e.resolved_at, e.closed_at) < ${s.to.toISOString()}::timestamptz)::int as ${sql.raw(`closed_${i}`)}`
	);
	const [row] = await rowsOf<Record<string, number>>(
		useDb(),
		sql`select ${sql.join(columns, sql`, `)} from escalation e`
	);
	return spans.map((_, i) => ({
		opened: Number(row[`opened_${i}`] ?? 0),
		closed: Number(row[`closed_${i}`] ?? 0)
	}));
}

/** Escalations still unfinished at `now` that were opened before `openedBefore`: count and oldest. */
export async function escalationsOpenTooLong(openedBefore: Date, limit = 10) {
	const db = useDb();
	const cutoff = openedBefore.toISOString();
	const [total] = await rowsOf<{ n: number }>(
		db,
		sql`select count(*)::int as n from escalation e
			where e.status in ${UNFINISHED} and e.opened_at < ${cutoff}::timestamptz`
	);
	const oldest = await rowsOf<{
		id: number;
		title: string;
		severity: string;
		customerName: string | null;
		openedAt: string | Date;
	}>(
		db,
		sql`select e.id, e.title, e.severity::text as severity, e.customer_name as "customerName",
				e.opened_at as "openedAt"
			from escalation e
			where e.status in ${UNFINISHED} and e.opened_at < ${cutoff}::timestamptz
			order by e.opened_at asc, e.id asc limit ${limit}`
	);
	return {
		count: Number(total?.n ?? 0),
		oldest: oldest.map((r) => ({ ...r, openedAt: new Date(r.openedAt).toISOString() }))
	};
}

/** Unfinished critical and high escalations, most valuable customer first, with their ARR. */
export async function highPriorityOpenEscalations(limit = 15) {
	const rows = await rowsOf<{
		id: number;
		title: string;
		severity: string;
		status: string;
		customerName: string | null;
		arr: number | null;
		openedAt: string | Date;
	}>(
		useDb(),
		sql`select e.id, e.title, e.severity::text as severity, e.status::text as status,
				coalesce(c.name, e.customer_name) as "customerName", c.arr, e.opened_at as "openedAt"
			from escalation e left join customer c on c.id = e.customer_id
			where e.status in ${UNFINISHED} and e.severity in ('critical', 'high')
			order by (e.severity = 'critical') desc, c.arr desc nulls last, e.opened_at asc, e.id asc
			limit ${limit}`
	);
	return rows.map((r) => ({
		...r,
		arr: r.arr === null ? null : Number(r.arr),
		openedAt: new Date(r.openedAt).toISOString()
	}));
}
