// SLO status per policy over a period, for the monthly sync: targets met in it, breaches
// that fired in it, and clocks breached and still open now.
import { sql } from 'drizzle-orm';
import { rowsOf, useDb } from '../db/client';

export interface PolicyStatus {
	policyId: number;
	name: string;
	enabled: boolean;
	met: number;
	breaches: number;
	breachesBefore: number;
	breachedOpen: number;
}

/** Every policy with its figures in `current` and its breaches in `previous`. */
export async function sloStatusIn(
	current: { from: Date; to: Date },
	previous: { from: Date; to: Date }
): Promise<PolicyStatus[]> {
	const iso = (d: Date) => d.toISOString();
	const rows = await rowsOf<PolicyStatus>(
		useDb(),
		sql`select p.id as "policyId", p.name, p.enabled,
				(select count(*)::int from slo_clock c where c.policy_id = p.id
					and c.met_at >= ${iso(current.from)}::timestamptz
					and c.met_at < ${iso(current.to)}::timestamptz) as met,
				(select count(*)::int from slo_clock_history h join slo_clock c on c.id = h.clock_id
					where c.policy_id = p.id and h.change = 'breached'
					and h.at >= ${iso(current.from)}::timestamptz
					and h.at < ${iso(current.to)}::timestamptz) as breaches,
				(select count(*)::int from slo_clock_history h join slo_clock c on c.id = h.clock_id
					where c.policy_id = p.id and h.change = 'breached'
					and h.at >= ${iso(previous.from)}::timestamptz
					and h.at < ${iso(previous.to)}::timestamptz) as "breachesBefore",
				(select count(*)::int from slo_clock c where c.policy_id = p.id
					and c.level = 'breached' and c.status in ('running', 'paused')) as "breachedOpen"
			from slo_policy p order by p.position asc, p.id asc`
	);
	return rows.map((r) => ({
		...r,
		met: Number(r.met),
		breaches: Number(r.breaches),
		breachesBefore: Number(r.breachesBefore),
		breachedOpen: Number(r.breachedOpen)
	}));
}
