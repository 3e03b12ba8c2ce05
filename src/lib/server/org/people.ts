import { and, asc, count, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { ServiceError } from '../errors';
import { useDb, type Executor, type Transaction } from '../db/client';
import { department, person, team } from './schema';
import { invalidateAllSessions } from '../auth';
import { withEvents, type RecordEvent } from '../realtime';
import { ORG_ROOM } from './events';
import { requireActiveAdmin } from './rules';
import { releaseLeadIn, teamLeadOf } from './teams';

const directoryColumns = {
	id: person.id,
	name: person.name,
	email: person.email,
	role: person.role,
	active: person.active,
	createdAt: person.createdAt,
	teamId: person.teamId,
	teamName: team.name,
	/** Whether the person leads their team (shown beside the team's name). */
	isLead: sql<boolean>`coalesce(${team.leadId} = ${person.id}, false)`,
	departmentId: department.id,
	departmentName: department.name,
	departmentKind: department.kind
};

export interface DirectoryFilter {
	query?: string;
	departmentId?: number;
	teamId?: number;
	includeInactive?: boolean;
}

/** A person's display name, or null for an unknown id. */
export async function nameOf(personId: number): Promise<string | null> {
	const [row] = await useDb()
		.select({ name: person.name })
		.from(person)
		.where(eq(person.id, personId));
	return row?.name ?? null;
}

/** Everyone matching a free-text query (name, email, team) and optional department/team. */
export async function searchPeople(filter: DirectoryFilter = {}, limit = 200) {
	const conditions: SQL[] = [];
	if (!filter.includeInactive) conditions.push(eq(person.active, true));
	if (filter.departmentId) conditions.push(eq(department.id, filter.departmentId));
	if (filter.teamId) conditions.push(eq(person.teamId, filter.teamId));
	const q = filter.query?.trim();
	if (q) {
		const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
		conditions.push(
			or(ilike(person.name, pattern), ilike(person.email, pattern), ilike(team.name, pattern))!
		);
	}
	return useDb()
		.select(directoryColumns)
		.from(person)
		.leftJoin(team, eq(team.id, person.teamId))
		.leftJoin(department, eq(department.id, team.departmentId))
		.where(and(...conditions))
		.orderBy(asc(sql`lower(${person.name})`), asc(person.id))
		.limit(limit);
}

/**
 * The first `shown` active teammates of a person (by name), how many there are in all and
 * the team's lead: the home page names a few and links to the rest, whatever the team's size.
 */
export async function teammatesOf(
	personId: number,
	teamId: number,
	shown = 12
): Promise<{
	people: { id: number; name: string }[];
	total: number;
	lead: { id: number; name: string } | null;
}> {
	const db = useDb();
	// One statement for the home page's team card: the names shown, how many there are
	// (a window count over the same rows) and the team's lead.
	const rows = await db
		.select({
			id: person.id,
			name: person.name,
			total: sql<number>`count(*) over ()`.mapWith(Number),
			lead: sql<{ id: number; name: string } | null>`(select json_build_object('id', l.id,
				'name', l.name) from ${team} t join ${person} l on l.id = t.lead_id and l.active
				where t.id = ${teamId})`
		})
		.from(person)
		.where(
			and(eq(person.teamId, teamId), eq(person.active, true), sql`${person.id} <> ${personId}`)
		)
		.orderBy(asc(sql`lower(${person.name})`), asc(person.id))
		.limit(shown);
	if (rows.length === 0) {
		// Alone in the team (or its only active member): the lead can only be oneself.
		const lead = await teamLeadOf(teamId, db);
		return { people: [], total: 0, lead: lead && { id: lead.id, name: lead.name } };
	}
	return {
		people: rows.map(({ id, name }) => ({ id, name })),
		total: rows[0].total,
		lead: rows[0].lead
	};
}

// Serialises changes that could leave the workspace without an active admin.
const ADMIN_LOCK = 7_310_003;

async function activeAdminCount(tx: Executor): Promise<number> {
	const [{ n }] = await tx
		.select({ n: count() })
		.from(person)
		.where(and(eq(person.role, 'admin'), eq(person.active, true)));
	return n;
}

async function findPerson(tx: Executor, id: number) {
	const [row] = await tx.select().from(person).where(eq(person.id, id)).for('update');
	if (!row) throw new ServiceError('That person does not exist.');
	return row;
}

/**
 * Runs an admin's change to people: one transaction that checks the actor is an active
 * admin and records the change in the `org` room. Changes that could remove the last admin
 * pass `adminLock`, so two admins acting at once keep one admin.
 */
function asAdmin<T>(
	actorId: number,
	doing: string,
	change: (tx: Transaction, record: RecordEvent) => Promise<T>,
	{ adminLock = false } = {}
): Promise<T> {
	return withEvents(async (tx, record) => {
		if (adminLock) await tx.execute(sql`select pg_advisory_xact_lock(${ADMIN_LOCK})`);
		await requireActiveAdmin(tx, actorId, doing);
		return change(tx, record);
	});
}

/** Deactivates an account: sign-in refused and every session ended at once. */
export async function deactivatePerson(actorId: number, personId: number): Promise<void> {
	if (actorId === personId) throw new ServiceError('You cannot deactivate your own account.');
	const doing = 'deactivate people';
	await asAdmin(
		actorId,
		doing,
		async (tx, record) => {
			const target = await findPerson(tx, personId);
			if (target.role === 'admin' && target.active && (await activeAdminCount(tx)) <= 1) {
				throw new ServiceError('The workspace needs at least one active admin.');
			}
			await tx
				.update(person)
				.set({ active: false, deactivatedAt: new Date() })
				.where(eq(person.id, personId));
			await invalidateAllSessions(personId, undefined, tx);
			// A deactivated lead can act on nothing: their team has no lead until an admin
			// picks another (reactivating them does not make them lead again).
			await releaseLeadIn(tx, record, personId, null, actorId);
			await record(ORG_ROOM, 'org.person_active', { personId, active: false }, actorId);
		},
		{ adminLock: true }
	);
}

export async function reactivatePerson(actorId: number, personId: number): Promise<void> {
	await asAdmin(actorId, 'reactivate people', async (tx, record) => {
		await findPerson(tx, personId);
		await tx
			.update(person)
			.set({ active: true, deactivatedAt: null })
			.where(eq(person.id, personId));
		await record(ORG_ROOM, 'org.person_active', { personId, active: true }, actorId);
	});
}

export async function setRole(
	actorId: number,
	personId: number,
	role: 'admin' | 'member'
): Promise<void> {
	await asAdmin(
		actorId,
		'change roles',
		async (tx, record) => {
			const target = await findPerson(tx, personId);
			if (role === 'member' && target.role === 'admin') {
				if (actorId === personId)
					throw new ServiceError('Ask another admin to remove your admin role.');
				// Demoting a deactivated admin does not change how many active admins remain.
				if (target.active && (await activeAdminCount(tx)) <= 1) {
					throw new ServiceError('The workspace needs at least one active admin.');
				}
			}
			await tx.update(person).set({ role }).where(eq(person.id, personId));
			await record(ORG_ROOM, 'org.person_role', { personId, role }, actorId);
		},
		{ adminLock: true }
	);
}

/** An admin moves a person to a team (or out of every team, with `null`). */
export async function assignTeam(
	actorId: number,
	personId: number,
	teamId: number | null
): Promise<void> {
	await asAdmin(actorId, 'move people between teams', async (tx, record) => {
		await findPerson(tx, personId);
		if (teamId !== null) {
			const [row] = await tx.select({ id: team.id }).from(team).where(eq(team.id, teamId));
			if (!row) throw new ServiceError('That team does not exist.', 'teamId');
		}
		await tx.update(person).set({ teamId }).where(eq(person.id, personId));
		// A lead who moves to another team no longer leads the one they left.
		await releaseLeadIn(tx, record, personId, teamId, actorId);
		await record(ORG_ROOM, 'org.person_moved', { personId, teamId }, actorId);
	});
}

/**
 * People with their place (team and department), for a module to narrow with `.where()`:
 * the one way to ask who someone is and where they sit, read fresh (a team move applies
 * at once).
 */
export function peopleWithPlace(db: Executor = useDb()) {
	return db
		.select({
			id: person.id,
			name: person.name,
			email: person.email,
			role: person.role,
			active: person.active,
			teamId: person.teamId,
			teamName: team.name,
			departmentId: team.departmentId,
			departmentName: department.name,
			departmentKind: department.kind
		})
		.from(person)
		.leftJoin(team, eq(team.id, person.teamId))
		.leftJoin(department, eq(department.id, team.departmentId))
		.$dynamic();
}
