// Demos over a period, for the monthly sync's launches.
import { sql } from 'drizzle-orm';
import { rowsOf, useDb } from '../db/client';

/** Demos starting within [from, to), earliest first. */
export async function demosIn(span: { from: Date; to: Date }) {
	const rows = await rowsOf<{
		id: number;
		title: string;
		feature: string;
		state: string;
		startsAt: string | Date;
	}>(
		useDb(),
		sql`select d.id, d.title, d.feature, d.state::text as state, d.starts_at as "startsAt"
			from demo d
			where d.starts_at >= ${span.from.toISOString()}::timestamptz
				and d.starts_at < ${span.to.toISOString()}::timestamptz
			order by d.starts_at asc, d.id asc limit 50`
	);
	return rows.map((r) => ({ ...r, startsAt: new Date(r.startsAt).toISOString() }));
}
