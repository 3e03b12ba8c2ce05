// Reading the matrix: its columns (every department, and the teams an admin added as their
// own columns), rows (activities) with their letters, the history of edits, and who an
// activity keeps informed.
import { and, asc, desc, eq, inArray, notExists, or } from 'drizzle-orm';
import { cellOfRoles, type CellValue, type RaciRole } from '$lib/raci/roles';
import { useDb, type Executor } from '../db/client';
import { department, person, team } from '../org';
import { columnKey, type RaciColumn } from './rules';
import { raciActivity, raciAssignment, raciChange, raciTeamColumn } from './schema';

/** The matrix's columns: each department, followed by its team columns ("Engineering › Platform"). */
export async function raciColumnsIn(db: Executor): Promise<RaciColumn[]> {
	const [departments, teams] = await Promise.all([
		db
			.select({ id: department.id, name: department.name })
			.from(department)
			.orderBy(asc(department.name)),
		db
			.select({ id: team.id, name: team.name, departmentId: team.departmentId })
			.from(raciTeamColumn)
			.innerJoin(team, eq(team.id, raciTeamColumn.teamId))
			.orderBy(asc(team.name))
	]);
	return departments.flatMap((d) => [
		{ key: columnKey({ departmentId: d.id }), kind: 'department' as const, id: d.id, name: d.name },
		...teams
			.filter((t) => t.departmentId === d.id)
			.map((t) => ({
				key: columnKey({ teamId: t.id }),
				kind: 'team' as const,
				id: t.id,
				name: `${d.name} › ${t.name}`
			}))
	]);
}

/** The whole matrix: its columns, activities as rows, each cell's value by column key. */
export async function raciMatrix() {
	const db = useDb();
	const [columns, activities, letters] = await Promise.all([
		raciColumnsIn(db),
		db.select().from(raciActivity).orderBy(asc(raciActivity.position), asc(raciActivity.id)),
		db.select().from(raciAssignment)
	]);
	const roles = new Map<string, RaciRole[]>();
	for (const l of letters) {
		const key = `${l.activityId}:${columnKey(l)}`;
		roles.set(key, [...(roles.get(key) ?? []), l.role]);
	}
	return {
		columns,
		activities: activities.map((a) => ({
			id: a.id,
			key: a.key,
			name: a.name,
			cells: Object.fromEntries(
				columns.map((c) => [c.key, cellOfRoles(roles.get(`${a.id}:${c.key}`) ?? [])])
			) as Record<string, CellValue>
		}))
	};
}
export type RaciMatrix = Awaited<ReturnType<typeof raciMatrix>>;

/** The teams an admin may still add as a column, named with their department. */
export async function teamsWithoutColumn() {
	return useDb()
		.select({ id: team.id, name: team.name, departmentName: department.name })
		.from(team)
		.innerJoin(department, eq(department.id, team.departmentId))
		.where(
			notExists(
				useDb()
					.select({ teamId: raciTeamColumn.teamId })
					.from(raciTeamColumn)
					.where(eq(raciTeamColumn.teamId, team.id))
			)
		)
		.orderBy(asc(department.name), asc(team.name));
}

/** The latest edits of the matrix (rows and columns), newest first, with who made them. */
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
		.leftJoin(raciActivity, eq(raciActivity.id, raciChange.activityId))
		.leftJoin(person, eq(person.id, raciChange.actorId))
		.orderBy(desc(raciChange.changedAt), desc(raciChange.id))
		.limit(limit);
}

/** A column holding a role in an activity: a department, or a team (with its department). */
export interface RoleHolder {
	departmentId: number | null;
	teamId: number | null;
	name: string;
}

/** The columns holding `role` in the activity named by `key`, inside a transaction. */
export async function columnsWithRoleIn(
	db: Executor,
	key: string,
	role: RaciRole
): Promise<RoleHolder[]> {
	const columns = await raciColumnsIn(db);
	const letters = await db
		.select({ departmentId: raciAssignment.departmentId, teamId: raciAssignment.teamId })
		.from(raciAssignment)
		.innerJoin(raciActivity, eq(raciActivity.id, raciAssignment.activityId))
		.where(and(eq(raciActivity.key, key), eq(raciAssignment.role, role)));
	const held = new Set(letters.map(columnKey));
	return columns
		.filter((c) => held.has(c.key))
		.map((c) => ({
			departmentId: c.kind === 'department' ? c.id : null,
			teamId: c.kind === 'team' ? c.id : null,
			name: c.name
		}));
}

/**
 * The teams to inform of the activity `key`: the teams of its "I" departments and its "I"
 * team columns, each once (a team informed both ways is still one team).
 */
export async function informedTeamsIn(db: Executor, key: string) {
	const informed = await columnsWithRoleIn(db, key, 'I');
	const departmentIds = informed.flatMap((c) => (c.departmentId ? [c.departmentId] : []));
	const teamIds = informed.flatMap((c) => (c.teamId ? [c.teamId] : []));
	if (departmentIds.length === 0 && teamIds.length === 0) return [];
	return db
		.select({ teamId: team.id, teamName: team.name, departmentName: department.name })
		.from(team)
		.innerJoin(department, eq(department.id, team.departmentId))
		.where(
			or(inArray(team.departmentId, [-1, ...departmentIds]), inArray(team.id, [-1, ...teamIds]))
		)
		.orderBy(asc(team.name));
}

/** The teams to inform of the activity `key`: what other modules ask before telling them. */
export async function informedFor(key: string) {
	return informedTeamsIn(useDb(), key);
}

/**
 * The active people to tell when Tandem acts on the activity `key`: the members of its
 * informed teams (of informed departments, or informed team columns), each person once.
 */
export async function informedPeopleIn(db: Executor, key: string): Promise<number[]> {
	const teams = await informedTeamsIn(db, key);
	if (teams.length === 0) return [];
	const people = await db
		.select({ id: person.id })
		.from(person)
		.where(
			and(
				inArray(
					person.teamId,
					teams.map((t) => t.teamId)
				),
				eq(person.active, true)
			)
		)
		.orderBy(asc(person.id));
	return people.map((p) => p.id);
}
