// Bug bashes over a period, for the monthly sync: the bashes held or coming, bugs found,
// and the serious bugs still waiting (found, not yet escalated or closed).
import { sql } from 'drizzle-orm';
import { rowsOf, useDb } from '../db/client';

/** Approved bashes starting within [from, to), earliest first, with their bug counts. */
export async function bashesIn(span: { from: Date; to: Date }) {
	const rows = await rowsOf<{
		id: number;
		title: string;
		feature: string;
		state: string;
		startsAt: string | Date;
		bugs: number;
	}>(
		useDb(),
		sql`select b.id, b.title, b.feature, b.state::text as state, b.starts_at as "startsAt",
				(select count(*)::int from bug x where x.bash_id = b.id
					and x.status in ('new', 'accepted', 'escalated')) as bugs
			from bug_bash b
			where b.approval <> 'declined'
				and b.starts_at >= ${span.from.toISOString()}::timestamptz
				and b.starts_at < ${span.to.toISOString()}::timestamptz
			order by b.starts_at asc, b.id asc limit 50`
	);
	return rows.map((r) => ({
		...r,
		bugs: Number(r.bugs),
		startsAt: new Date(r.startsAt).toISOString()
	}));
}

/** Bugs logged within each span [from, to) (duplicates and not-a-bug left out). */
export async function bugCountsIn(spans: { from: Date; to: Date }[]): Promise<number[]> {
	if (spans.length === 0) return [];
	const columns = spans.map(
		(s, i) =>
			sql`count(*) filter (where x.created_at >= ${s.from.toISOString()}::timestamptz
				and x.created_at < ${s.to.toISOString()}::timestamptz)::int as ${sql.raw(`n_${i}`)}`
	);
	const [row] = await rowsOf<Record<string, number>>(
		useDb(),
		sql`select ${sql.join(columns, sql`, `)} from bug x
			where x.status in ('new', 'accepted', 'escalated')`
	);
	return spans.map((_, i) => Number(row[`n_${i}`] ?? 0));
}

/** Critical and high bugs still waiting in a bash (new or accepted, not escalated). */
export async function openHighSeverityBugs(limit = 15) {
	const rows = await rowsOf<{
		id: number;
		bashId: number;
		bashTitle: string;
		title: string;
		severity: string;
		status: string;
		createdAt: string | Date;
	}>(
		useDb(),
		sql`select x.id, x.bash_id as "bashId", b.title as "bashTitle", x.title,
				x.severity::text as severity, x.status::text as status, x.created_at as "createdAt"
			from bug x join bug_bash b on b.id = x.bash_id
			where x.status in ('new', 'accepted') and x.severity in ('critical', 'high')
			order by (x.severity = 'critical') desc, x.created_at asc, x.id asc limit ${limit}`
	);
	return rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt).toISOString() }));
}
