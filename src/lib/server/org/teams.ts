// Teams: created, renamed, moved between departments and deleted by admins. Each write is
// one transaction that checks the actor and records an `org` room event.
import { asc, count, eq, sql } from 'drizzle-orm';
import { ServiceError } from '../errors';
import { useDb, type Executor } from '../db/client';
import { withEvents } from '../realtime';
import { ORG_ROOM } from './events';
import { cleanTeamName, requireActiveAdmin } from './rules';
import { department, person, team } from './schema';

export async function listDepartments() {
	return useDb().select().from(department).orderBy(asc(department.id));
}

/** Teams with their department and head-count, grouped by department order. */
export async function listTeams() {
	return useDb()
		.select({
			id: team.id,
			name: team.name,
			departmentId: team.departmentId,
			departmentName: department.name,
			departmentKind: department.kind,
			members: count(person.id)
		})
		.from(team)
		.innerJoin(department, eq(department.id, team.departmentId))
		.leftJoin(person, eq(person.teamId, team.id))
		.groupBy(team.id, department.id)
		.orderBy(asc(department.id), asc(team.name));
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

/** An admin renames a team or moves it to another department. */
export async function updateTeam(
	actorId: number,
	id: number,
	name: string,
	departmentId: number
): Promise<void> {
	const clean = cleanTeamName(name);
	await withEvents(async (tx, record) => {
		await requireActiveAdmin(tx, actorId, 'change teams');
		await requireDepartment(tx, departmentId);
		await refuseTakenName(tx, clean, id);
		const updated = await tx
			.update(team)
			.set({ name: clean, departmentId })
			.where(eq(team.id, id))
			.returning({ id: team.id });
		if (updated.length === 0) throw new ServiceError('That team no longer exists.');
		await record(ORG_ROOM, 'org.team_changed', { teamId: id, name: clean, departmentId }, actorId);
	});
}

/** Deletes an empty team; a team with members must be emptied first so nobody is orphaned by accident. */
export async function deleteTeam(actorId: number, id: number): Promise<void> {
	await withEvents(async (tx, record) => {
		await requireActiveAdmin(tx, actorId, 'delete teams');
		// Locks the team so nobody joins it between the count and the delete.
		const [row] = await tx.select({ id: team.id }).from(team).where(eq(team.id, id)).for('update');
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
		await tx.delete(team).where(eq(team.id, id));
		await record(ORG_ROOM, 'org.team_deleted', { teamId: id }, actorId);
	});
}
