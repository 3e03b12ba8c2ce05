// Teams: created, renamed, moved between departments and deleted by admins. Each write is
// one transaction that checks the actor and records an `org` room event.
import { aliasedTable, and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import { ServiceError } from '../errors';
import { useDb, type Executor, type Transaction } from '../db/client';
import type { RecordEvent } from '../realtime';
import { withEvents } from '../realtime';
import { teamDeletionRefusal } from './guards';
import { ORG_ROOM } from './events';
import { cleanTeamName, requireActiveAdmin } from './rules';
import { department, person, team } from './schema';

export async function listDepartments() {
	return useDb().select().from(department).orderBy(asc(department.id));
}

// The lead is a second join to person (members are the first): aliased so the two differ.
const lead = aliasedTable(person, 'lead');

/** Teams with their department, head-count and lead, grouped by department order. */
export async function listTeams() {
	return useDb()
		.select({
			id: team.id,
			name: team.name,
			departmentId: team.departmentId,
			departmentName: department.name,
			departmentKind: department.kind,
			leadId: team.leadId,
			leadName: lead.name,
			members: count(person.id)
		})
		.from(team)
		.innerJoin(department, eq(department.id, team.departmentId))
		.leftJoin(lead, eq(lead.id, team.leadId))
		.leftJoin(person, eq(person.teamId, team.id))
		.groupBy(team.id, department.id, lead.id)
		.orderBy(asc(department.id), asc(team.name));
}

/** Active people by team, by name: who may be picked as each team's lead. */
export async function activeMembersByTeam(): Promise<Map<number, { id: number; name: string }[]>> {
	const rows = await useDb()
		.select({ id: person.id, name: person.name, teamId: person.teamId })
		.from(person)
		.where(and(eq(person.active, true), sql`${person.teamId} is not null`))
		.orderBy(asc(sql`lower(${person.name})`), asc(person.id));
	const byTeam = new Map<number, { id: number; name: string }[]>();
	for (const row of rows) {
		const members = byTeam.get(row.teamId!) ?? [];
		members.push({ id: row.id, name: row.name });
		byTeam.set(row.teamId!, members);
	}
	return byTeam;
}

/** A team's lead (active, by the rule that clears it otherwise), or null. */
export async function teamLeadOf(
	teamId: number,
	db: Executor = useDb()
): Promise<{ id: number; name: string; email: string } | null> {
	const [row] = await db
		.select({ id: person.id, name: person.name, email: person.email })
		.from(team)
		.innerJoin(person, eq(person.id, team.leadId))
		.where(and(eq(team.id, teamId), eq(person.active, true)));
	return row ?? null;
}

/**
 * The lead of each given person's team, by person id (people without a team, or whose
 * team has no active lead, are left out): where an alert "escalates up" to.
 */
export async function teamLeadsOfPeople(
	db: Executor,
	personIds: number[]
): Promise<Map<number, number>> {
	if (personIds.length === 0) return new Map();
	const rows = await db
		.select({ personId: person.id, leadId: lead.id })
		.from(person)
		.innerJoin(team, eq(team.id, person.teamId))
		.innerJoin(lead, eq(lead.id, team.leadId))
		.where(and(inArray(person.id, [...new Set(personIds)]), eq(lead.active, true)));
	return new Map(rows.map((row) => [row.personId, row.leadId]));
}

/**
 * Checks that `leadId` may lead team `teamId`: an active member of it. A lead from
 * elsewhere would get a team's alerts without seeing its work, so the lead is one of them.
 */
async function requireLead(tx: Executor, teamId: number, leadId: number): Promise<void> {
	const [row] = await tx
		.select({ teamId: person.teamId, active: person.active })
		.from(person)
		.where(eq(person.id, leadId));
	if (!row?.active || row.teamId !== teamId) {
		throw new ServiceError('Choose the lead from the team’s active members.', 'leadId');
	}
}

/**
 * Clears the lead of every team `personId` leads except `keepTeamId` (they left it, or
 * were deactivated), in the caller's transaction; records each change.
 */
export async function releaseLeadIn(
	tx: Transaction,
	record: RecordEvent,
	personId: number,
	keepTeamId: number | null,
	actorId: number
): Promise<void> {
	const cleared = await tx
		.update(team)
		.set({ leadId: null })
		.where(
			and(
				eq(team.leadId, personId),
				keepTeamId === null ? undefined : sql`${team.id} <> ${keepTeamId}`
			)
		)
		.returning({ id: team.id });
	for (const { id } of cleared) {
		await record(ORG_ROOM, 'org.team_lead', { teamId: id, leadId: null }, actorId);
	}
}

/** Team names are unique ignoring case: "Platform" and "platform" would confuse everyone. */
async function refuseTakenName(tx: Executor, name: string, exceptId?: number): Promise<void> {
	const [row] = await tx
		.select({ id: team.id })
		.from(team)
		.where(sql`lower(${team.name}) = lower(${name})`);
	if (row && row.id !== exceptId) {
		throw new ServiceError(`A team called “${name}” already exists.`, 'name');
	}
}

async function requireDepartment(tx: Executor, departmentId: number): Promise<void> {
	const [row] = await tx
		.select({ id: department.id })
		.from(department)
		.where(eq(department.id, departmentId));
	if (!row) throw new ServiceError('Choose a department.', 'departmentId');
}

/** An admin creates a team in a department; answers its id. */
export async function createTeam(
	actorId: number,
	name: string,
	departmentId: number
): Promise<number> {
	const clean = cleanTeamName(name);
	return withEvents(async (tx, record) => {
		await requireActiveAdmin(tx, actorId, 'create teams');
		await requireDepartment(tx, departmentId);
		await refuseTakenName(tx, clean);
		const [created] = await tx
			.insert(team)
			.values({ name: clean, departmentId })
			.returning({ id: team.id });
		await record(
			ORG_ROOM,
			'org.team_created',
			{ teamId: created.id, name: clean, departmentId },
			actorId
		);
		return created.id;
	});
}

/**
 * An admin renames a team, moves it to another department and (when `leadId` is given)
 * sets its lead: a person id, or null for none.
 */
export async function updateTeam(
	actorId: number,
	id: number,
	name: string,
	departmentId: number,
	leadId?: number | null
): Promise<void> {
	const clean = cleanTeamName(name);
	await withEvents(async (tx, record) => {
		await requireActiveAdmin(tx, actorId, 'change teams');
		await requireDepartment(tx, departmentId);
		await refuseTakenName(tx, clean, id);
		const [before] = await tx
			.select({ leadId: team.leadId })
			.from(team)
			.where(eq(team.id, id))
			.for('update');
		if (!before) throw new ServiceError('That team no longer exists.');
		if (leadId) await requireLead(tx, id, leadId);
		const lead = leadId === undefined ? before.leadId : leadId;
		await tx.update(team).set({ name: clean, departmentId, leadId: lead }).where(eq(team.id, id));
		await record(ORG_ROOM, 'org.team_changed', { teamId: id, name: clean, departmentId }, actorId);
		if (lead !== before.leadId) {
			await record(ORG_ROOM, 'org.team_lead', { teamId: id, leadId: lead }, actorId);
		}
	});
}

/** An admin sets (or, with null, clears) a team's lead. */
export async function setTeamLead(
	actorId: number,
	teamId: number,
	leadId: number | null
): Promise<void> {
	await withEvents(async (tx, record) => {
		await requireActiveAdmin(tx, actorId, 'choose team leads');
		const [row] = await tx
			.select({ id: team.id })
			.from(team)
			.where(eq(team.id, teamId))
			.for('update');
		if (!row) throw new ServiceError('That team no longer exists.');
		if (leadId !== null) await requireLead(tx, teamId, leadId);
		await tx.update(team).set({ leadId }).where(eq(team.id, teamId));
		await record(ORG_ROOM, 'org.team_lead', { teamId, leadId }, actorId);
	});
}

/** Deletes an empty team; a team with members must be emptied first so nobody is orphaned by accident. */
export async function deleteTeam(actorId: number, id: number): Promise<void> {
	await withEvents(async (tx, record) => {
		await requireActiveAdmin(tx, actorId, 'delete teams');
		// Locks the team so nobody joins it between the count and the delete.
		const [row] = await tx
			.select({ id: team.id, name: team.name })
			.from(team)
			.where(eq(team.id, id))
			.for('update');
		if (!row) throw new ServiceError('That team no longer exists.');
		const [{ members }] = await tx
			.select({ members: count() })
			.from(person)
			.where(eq(person.teamId, id));
		if (members > 0) {
			throw new ServiceError(
				`Move the team's ${members} member${members === 1 ? '' : 's'} to another team first.`
			);
		}
		const refusal = await teamDeletionRefusal(tx, row);
		if (refusal) throw new ServiceError(refusal);
		await tx.delete(team).where(eq(team.id, id));
		await record(ORG_ROOM, 'org.team_deleted', { teamId: id }, actorId);
	});
}
