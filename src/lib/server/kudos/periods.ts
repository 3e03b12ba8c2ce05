// Kudos per period, for the monthly sync: how many were given, and each team's highlights
// (how many its people received, and the kudos with the most +1s).
import { sql } from 'drizzle-orm';
import { rowsOf, useDb } from '../db/client';

/** Visible kudos given within each span [from, to). */
export async function kudosCountsIn(spans: { from: Date; to: Date }[]): Promise<number[]> {
	if (spans.length === 0) return [];
	const columns = spans.map(
		(s, i) =>
			sql`count(*) filter (where k.created_at >= ${s.from.toISOString()}::timestamptz
				and k.created_at < ${s.to.toISOString()}::timestamptz)::int as ${sql.raw(`n_${i}`)}`
	);
	const [row] = await rowsOf<Record<string, number>>(
		useDb(),
		sql`select ${sql.join(columns, sql`, `)} from kudos k where k.hidden_at is null`
	);
	return spans.map((_, i) => Number(row[`n_${i}`] ?? 0));
}

export interface TeamKudos {
	teamId: number;
	received: number;
	top: {
		kudosId: number;
		giverName: string;
		recipientName: string;
		message: string;
		plusOnes: number;
	}[];
}

/** Per team: kudos its people received in the span, and the most +1'd of them (`perTeam`). */
export async function kudosHighlightsIn(
	span: { from: Date; to: Date },
	perTeam = 2
): Promise<TeamKudos[]> {
	const db = useDb();
	const from = span.from.toISOString();
	const to = span.to.toISOString();
	const counts = await rowsOf<{ teamId: number; received: number }>(
		db,
		sql`select r.team_id as "teamId", count(distinct r.kudos_id)::int as received
			from kudos k join kudos_recipient r on r.kudos_id = k.id
			where k.hidden_at is null and r.team_id is not null
				and k.created_at >= ${from}::timestamptz and k.created_at < ${to}::timestamptz
			group by r.team_id`
	);
	const top = await rowsOf<{
		teamId: number;
		kudosId: number;
		giverName: string;
		recipientName: string;
		message: string;
		plusOnes: number;
	}>(
		db,
		sql`select * from (
				select r.team_id as "teamId", k.id as "kudosId", g.name as "giverName",
					p.name as "recipientName", k.message,
					(select count(*)::int from kudos_plus_one o where o.kudos_id = k.id) as "plusOnes",
					row_number() over (partition by r.team_id order by
						(select count(*) from kudos_plus_one o where o.kudos_id = k.id) desc,
						k.points desc, k.id desc) as rank
				from kudos k
				join kudos_recipient r on r.kudos_id = k.id
				join person g on g.id = k.giver_id
				join person p on p.id = r.person_id
				where k.hidden_at is null and r.team_id is not null
					and k.created_at >= ${from}::timestamptz and k.created_at < ${to}::timestamptz
			) ranked where rank <= ${perTeam} order by "teamId", rank`
	);
	return counts.map((c) => ({
		teamId: Number(c.teamId),
		received: Number(c.received),
		top: top
			.filter((t) => Number(t.teamId) === Number(c.teamId))
			.map(({ kudosId, giverName, recipientName, message, plusOnes }) => ({
				kudosId: Number(kudosId),
				giverName,
				recipientName,
				message,
				plusOnes: Number(plusOnes)
			}))
	}));
}
