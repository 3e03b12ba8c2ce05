import { asc, count, eq, sql } from 'drizzle-orm';
import { ServiceError } from '../errors';
import { useDb } from '../db/client';
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
async function teamNameTaken(name: string, exceptId?: number): Promise<boolean> {
	const [row] = await useDb()
		.select({ id: team.id })
		.from(team)
		.where(sql`lower(${team.name}) = lower(${name})`);
	return Boolean(row && row.id !== exceptId);
}

function cleanTeamName(name: string): string {
	const clean = name.trim();
	if (!clean) throw new ServiceError('Give the team a name.', 'name');
	return clean;
}

async function requireDepartment(departmentId: number): Promise<void> {
	const [row] = await useDb()
		.select({ id: department.id })
		.from(department)
		.where(eq(department.id, departmentId));
	if (!row) throw new ServiceError('Choose a department.', 'departmentId');
}

export async function createTeam(name: string, departmentId: number): Promise<number> {
	const clean = cleanTeamName(name);
	await requireDepartment(departmentId);
	if (await teamNameTaken(clean))
		throw new ServiceError(`A team called “${clean}” already exists.`, 'name');
	const [created] = await useDb()
		.insert(team)
		.values({ name: clean, departmentId })
		.returning({ id: team.id });
	return created.id;
}

export async function updateTeam(id: number, name: string, departmentId: number): Promise<void> {
	const clean = cleanTeamName(name);
	await requireDepartment(departmentId);
	if (await teamNameTaken(clean, id))
		throw new ServiceError(`A team called “${clean}” already exists.`, 'name');
	const updated = await useDb()
		.update(team)
		.set({ name: clean, departmentId })
		.where(eq(team.id, id))
		.returning({ id: team.id });
	if (updated.length === 0) throw new ServiceError('That team no longer exists.');
}

/** Deletes an empty team; a team with members must be emptied first so nobody is orphaned by accident. */
export async function deleteTeam(id: number): Promise<void> {
	const [{ members }] = await useDb()
		.select({ members: count() })
		.from(person)
		.where(eq(person.teamId, id));
	if (members > 0) {
		throw new ServiceError(
			`Move the team's ${members} member${members === 1 ? '' : 's'} to another team first.`
		);
	}
	await useDb().delete(team).where(eq(team.id, id));
}
