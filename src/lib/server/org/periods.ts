// People news over a period, for the monthly sync: who joined which team, who moved
// (read from the org room's event log, so only as far back as the log is kept), and one
// person per team to suggest for a meeting.
import { sql } from 'drizzle-orm';
import { rowsOf, useDb, type Executor } from '../db/client';
import { ORG_ROOM } from './events';

/** Active people whose accounts were created within [from, to), with their team. */
export async function peopleJoinedIn(span: { from: Date; to: Date }) {
	return rowsOf<{ personId: number; name: string; teamId: number | null; teamName: string | null }>(
		useDb(),
		sql`select p.id as "personId", p.name, p.team_id as "teamId", t.name as "teamName"
			from person p left join team t on t.id = p.team_id
			where p.active and p.created_at >= ${span.from.toISOString()}::timestamptz
				and p.created_at < ${span.to.toISOString()}::timestamptz
			order by p.created_at asc, p.id asc limit 200`
	);
}

/** People an admin moved to another team within [from, to), latest move per person. */
export async function peopleMovedIn(span: { from: Date; to: Date }) {
	return rowsOf<{ personId: number; name: string; teamId: number | null; teamName: string | null }>(
		useDb(),
		sql`select distinct on (p.id) p.id as "personId", p.name, t.id as "teamId", t.name as "teamName"
			from room_event e
			join person p on p.id = (e.payload->>'personId')::int
			left join team t on t.id = (e.payload->>'teamId')::int
			where e.room = ${ORG_ROOM} and e.type = 'org.person_moved' and p.active
				and e.at >= ${span.from.toISOString()}::timestamptz
				and e.at < ${span.to.toISOString()}::timestamptz
			order by p.id, e.seq desc limit 200`
	);
}

/**
 * One active person per team of the given departments, as a suggestion for a meeting's
 * attendees: the team's lead, or its longest-standing member when it has none.
 */
export async function teamRepresentativesOf(departmentIds: number[], db: Executor = useDb()) {
	if (departmentIds.length === 0) return [];
	return rowsOf<{
		personId: number;
		name: string;
		teamName: string;
		departmentId: number;
		isLead: boolean;
	}>(
		db,
		sql`select distinct on (t.id) p.id as "personId", p.name, t.name as "teamName",
				t.department_id as "departmentId", p.id = t.lead_id as "isLead"
			from team t join person p on p.team_id = t.id and p.active
			where t.department_id in ${sql`(${sql.join(
				departmentIds.map((id) => sql`${id}`),
				sql`, `
			)})`}
			order by t.id, p.id = t.lead_id desc nulls last, p.created_at asc, p.id asc`
	);
}

/** The active members of the given teams, oldest first, as a suggestion for a meeting. */
export async function activeMembersOf(teamIds: number[], db: Executor = useDb()) {
	if (teamIds.length === 0) return [];
	return rowsOf<{ personId: number; name: string; teamId: number; teamName: string }>(
		db,
		sql`select p.id as "personId", p.name, t.id as "teamId", t.name as "teamName"
			from team t join person p on p.team_id = t.id and p.active
			where t.id in ${sql`(${sql.join(
				teamIds.map((id) => sql`${id}`),
				sql`, `
			)})`}
			order by t.id, p.created_at asc, p.id asc`
	);
}
