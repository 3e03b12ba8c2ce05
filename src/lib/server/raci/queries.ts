// Reading the matrix: its columns (departments), rows (activities) with their letters, the
// history of edits, and which teams an activity keeps informed.
import { and, asc, desc, eq } from 'drizzle-orm';
import { cellOfRoles, type CellValue, type RaciRole } from '$lib/raci/roles';
import { useDb, type Executor } from '../db/client';
import { department, person, team } from '../org';
import { raciActivity, raciAssignment, raciChange } from './schema';

/** The whole matrix: departments as columns, activities as rows, each cell's value. */
export async function raciMatrix() {
	const db = useDb();
	const [departments, activities, letters] = await Promise.all([
		db
			.select({ id: department.id, name: department.name, kind: department.kind })
			.from(department)
			.orderBy(asc(department.name)),
		db.select().from(raciActivity).orderBy(asc(raciActivity.position), asc(raciActivity.id)),
		db.select().from(raciAssignment)
	]);
	const roles = new Map<string, RaciRole[]>();
	for (const l of letters) {
		const key = `${l.activityId}:${l.departmentId}`;
		roles.set(key, [...(roles.get(key) ?? []), l.role]);
	}
	return {
		departments,
		activities: activities.map((a) => ({
			id: a.id,
			key: a.key,
			name: a.name,
			cells: Object.fromEntries(
				departments.map((d) => [d.id, cellOfRoles(roles.get(`${a.id}:${d.id}`) ?? [])])
			) as Record<number, CellValue>
		}))
	};
}
export type RaciMatrix = Awaited<ReturnType<typeof raciMatrix>>;

/** The latest edits of the matrix, newest first, with who made them. */
export async function raciHistory(limit = 50) {
	return useDb()
		.select({
			id: raciChange.id,
			activityName: raciActivity.name,
			summary: raciChange.summary,
			changedAt: raciChange.changedAt,
			actorName: person.name
		})
		.from(raciChange)
		.innerJoin(raciActivity, eq(raciActivity.id, raciChange.activityId))
		.leftJoin(person, eq(person.id, raciChange.actorId))
		.orderBy(desc(raciChange.changedAt), desc(raciChange.id))
		.limit(limit);
}

/** The departments holding `role` in the activity named by `key`, inside a transaction. */
export async function departmentsWithRoleIn(db: Executor, key: string, role: RaciRole) {
	return db
		.select({ departmentId: department.id, departmentName: department.name })
		.from(raciAssignment)
		.innerJoin(raciActivity, eq(raciActivity.id, raciAssignment.activityId))
		.innerJoin(department, eq(department.id, raciAssignment.departmentId))
		.where(and(eq(raciActivity.key, key), eq(raciAssignment.role, role)))
		.orderBy(asc(department.name));
}

/** The teams to inform of the activity `key` (the teams of its "I" departments). */
export async function informedTeamsIn(db: Executor, key: string) {
	return db
		.select({ teamId: team.id, teamName: team.name, departmentName: department.name })
		.from(raciAssignment)
		.innerJoin(raciActivity, eq(raciActivity.id, raciAssignment.activityId))
		.innerJoin(department, eq(department.id, raciAssignment.departmentId))
		.innerJoin(team, eq(team.departmentId, department.id))
		.where(and(eq(raciActivity.key, key), eq(raciAssignment.role, 'I')))
		.orderBy(asc(team.name));
}

/** The teams to inform of the activity `key`: what other modules ask before telling them. */
export async function informedFor(key: string) {
	return informedTeamsIn(useDb(), key);
}
