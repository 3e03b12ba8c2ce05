// What drove support volume in a period, for the monthly sync: the support tickets the
// integrations heard about in it (an accepted delivery about the ticket in the period),
// counted by their tags and by their type, for this period and the one before.
import { sql } from 'drizzle-orm';
import { rowsOf, useDb } from '../db/client';

export interface DriverCount {
	kind: 'tag' | 'type';
	label: string;
	count: number;
	previous: number;
}

/** Tickets active in `current` and in `previous`, by tag and by type, most frequent first. */
export async function ticketDriversIn(
	current: { from: Date; to: Date },
	previous: { from: Date; to: Date },
	limit = 8
): Promise<DriverCount[]> {
	const iso = (d: Date) => d.toISOString();
	const rows = await rowsOf<{
		kind: 'tag' | 'type';
		label: string;
		count: number;
		previous: number;
	}>(
		useDb(),
		sql`with active as (
				select i.id,
					bool_or(d.received_at >= ${iso(current.from)}::timestamptz
						and d.received_at < ${iso(current.to)}::timestamptz) as now_active,
					bool_or(d.received_at >= ${iso(previous.from)}::timestamptz
						and d.received_at < ${iso(previous.to)}::timestamptz) as before_active
				from integration_delivery d
				join integration_item i
					on i.integration_id = d.integration_id and i.external_key = d.external_key
				where d.outcome = 'accepted' and i.kind = 'ticket'
					and d.received_at >= ${iso(previous.from)}::timestamptz
					and d.received_at < ${iso(current.to)}::timestamptz
				group by i.id
			), labelled as (
				select 'tag' as kind, lower(t.tag) as label, a.now_active, a.before_active
				from active a join integration_item i on i.id = a.id, unnest(i.tags) as t(tag)
				union all
				select 'type', lower(i.type), a.now_active, a.before_active
				from active a join integration_item i on i.id = a.id
				where i.type is not null and i.type <> ''
			)
			select kind, label, count(*) filter (where now_active)::int as count,
				count(*) filter (where before_active)::int as previous
			from labelled group by kind, label
			having count(*) filter (where now_active) > 0
			order by count desc, label asc`
	);
	const pick = (kind: 'tag' | 'type') =>
		rows
			.filter((r) => r.kind === kind)
			.slice(0, limit)
			.map((r) => ({ ...r, count: Number(r.count), previous: Number(r.previous) }));
	return [...pick('type'), ...pick('tag')];
}
