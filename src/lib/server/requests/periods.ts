// Customer reports per period, for the monthly sync's headline figures.
import { sql } from 'drizzle-orm';
import { rowsOf, useDb } from '../db/client';

/** How many customer reports were added within each span [from, to). */
export async function reportCountsIn(spans: { from: Date; to: Date }[]): Promise<number[]> {
	if (spans.length === 0) return [];
	const columns = spans.map(
		(s, i) =>
			sql`count(*) filter (where r.created_at >= ${s.from.toISOString()}::timestamptz
				and r.created_at < ${s.to.toISOString()}::timestamptz)::int as ${sql.raw(`n_${i}`)}`
	);
	const [row] = await rowsOf<Record<string, number>>(
		useDb(),
		sql`select ${sql.join(columns, sql`, `)} from request_report r`
	);
	return spans.map((_, i) => Number(row[`n_${i}`] ?? 0));
}
