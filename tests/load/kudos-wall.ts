// A year of kudos for the benchmarks: people in teams across the four departments and
// kudos between them with recipients, reactions, +1s and a few hidden, written set-based.
import { sql } from 'drizzle-orm';
import { rowsOf, type Executor } from '../../src/lib/server/db/client';

export interface WallSize {
	people: number;
	teamsPerDepartment: number;
	kudos: number;
	/** The kudos are spread evenly over this many days up to now. */
	days: number;
}

/** Issue 5's figure: 100,000 kudos among a few thousand people, over a year. */
export const BENCH_WALL: WallSize = {
	people: 3_000,
	teamsPerDepartment: 15,
	kudos: 100_000,
	days: 365
};

/**
 * People in teams across the four departments and a year of kudos between them, written
 * set-based (a few statements, not 100,000 service calls). The ledger is left out: the
 * page and the live event do not read it. Deterministic, so every run sees the same wall.
 */
export async function fillWall(db: Executor, size: WallSize = BENCH_WALL) {
	const { people, teamsPerDepartment, kudos, days } = size;
	const run = (query: ReturnType<typeof sql>) => db.execute(query);
	await run(sql`insert into team (name, department_id)
		select 'Bench ' || d.name || ' ' || g, d.id
		from department d cross join generate_series(1, ${teamsPerDepartment}::int) g
		order by d.id, g`);
	await run(sql`insert into person (email, name, password_hash, team_id)
		select 'bench' || g || '@kudos.bench',
			(array['Ada','Ben','Chloé','Dev','Eli','Fatima','Gus','Hana','Ivo','June'])[1 + g % 10]
				|| ' ' || (array['Rivera','Okafor','Tanaka','Becker','Novak','Silva','Khan','Moreau'])[1 + (g / 10) % 8]
				|| ' ' || g,
			'not-a-real-hash',
			t.ids[1 + g % array_length(t.ids, 1)]
		from generate_series(0, ${people - 1}::int) g,
			(select array_agg(id order by id) as ids from team where name like 'Bench %') t
		order by g`);
	// One statement made them, on a fresh database: their ids run from `first` without gaps,
	// so "the person k places after this one" is plain arithmetic below.
	const [span] = await rowsOf<{ first: number; count: number; last: number }>(
		db,
		sql`select min(id)::int as first, count(*)::int as count, max(id)::int as last
			from person where email like '%@kudos.bench'`
	);
	if (span.last - span.first + 1 !== span.count) throw new Error('bench people ids have gaps');
	const first = span.first;
	const nth = (offset: ReturnType<typeof sql>) =>
		sql`(${first}::int + (${offset}) % ${people}::int)`;

	// Oldest first, so the id order is the creation order, as in real use.
	await run(sql`insert into kudos (giver_id, giver_department_id, giver_team_id, client_key,
			message, value_id, points, created_at)
		select p.id, tm.department_id, p.team_id, 'bench-' || g,
			'Thank you for ' || (array['untangling the refund queue', 'the release notes',
				'pairing on the flaky checkout test', 'owning the outage review',
				'the customer call on Friday', 'triaging the bug bash', 'the new onboarding guide',
				'staying late for the migration'])[1 + g % 8]
				|| ' (' || g || '). ' || repeat('It made a real difference to the team. ', 1 + g % 4),
			v.ids[1 + g % array_length(v.ids, 1)],
			(g % 4) * 5,
			now() - (${kudos}::int - g) * (${(days * 86_400) / kudos}::float8 * interval '1 second')
		from generate_series(1, ${kudos}::int) g
		join person p on p.id = ${nth(sql`g * 7919`)}
		left join team tm on tm.id = p.team_id
		cross join (select array_agg(id order by position) as ids from company_value) v
		order by g`);
	// 1–3 recipients each, never the giver: 37 to 211 places along, fewer than the people.
	await run(sql`insert into kudos_recipient (kudos_id, person_id, department_id, team_id, cross_department)
		select k.id, p.id, tm.department_id, p.team_id,
			tm.department_id is distinct from k.giver_department_id
		from kudos k
		cross join lateral generate_series(1, 1 + k.id % 3) r
		join person p on p.id = ${nth(sql`k.giver_id - ${first}::int + r * 37 + k.id % 101`)}
		left join team tm on tm.id = p.team_id`);
	await run(sql`update kudos k set cross_department = true
		where exists (select 1 from kudos_recipient r where r.kudos_id = k.id and r.cross_department)`);
	// 0–5 reactions each from different people, and a +1 on every seventh.
	await run(sql`insert into reaction (subject_kind, subject_id, person_id, kind, created_at)
		select 'kudos', k.id, ${nth(sql`k.giver_id - ${first}::int + 500 + r * 53`)},
			(enum_range(null::reaction_kind))[1 + (k.id + r) % 5], k.created_at + interval '10 minutes'
		from kudos k cross join lateral generate_series(1, k.id % 6) r`);
	await run(sql`insert into kudos_plus_one (kudos_id, person_id, points, created_at)
		select k.id, ${nth(sql`k.giver_id - ${first}::int + 1500`)}, (k.id % 2) * 5,
			k.created_at + interval '1 hour'
		from kudos k where k.id % 7 = 0`);
	// An admin hid one in two hundred.
	await run(sql`update kudos set hidden_at = created_at + interval '1 day',
			hidden_reason = 'Posted twice'
		where id % 200 = 0`);
	// What autovacuum does on PostgreSQL soon after a bulk load; PGlite has no autovacuum,
	// so without this it would plan the page's queries with no statistics at all.
	await run(sql`vacuum analyze`);
	const [counts] = await rowsOf<Record<string, number>>(
		db,
		sql`select (select count(*)::int from kudos) as kudos,
			(select count(*)::int from kudos_recipient) as recipients,
			(select count(*)::int from reaction where subject_kind = 'kudos') as reactions,
			(select count(*)::int from kudos_plus_one) as "plusOnes",
			(select count(*)::int from kudos where created_at >= date_trunc('month', now())) as "thisMonth"`
	);
	return { first, counts };
}
