// Team columns: an admin shows a team as its own column beside the departments, and removes
// it again (its letters go with it, unless an activity would be left without its A or R).
// Both are kept in the history with who and when.
import { asc, eq } from 'drizzle-orm';
import type { RaciRole } from '$lib/raci/roles';
import type { Transaction } from '../db/client';
import { ServiceError } from '../errors';
import { department, requireActiveAdmin, team, type TeamDeletionGuard } from '../org';
import { withEvents } from '../realtime';
import { RACI_ROOM } from './events';
import { currentCells, shown } from './service';
import { columnKey, rowProblem } from './rules';
import { raciActivity, raciAssignment, raciChange, raciTeamColumn } from './schema';

const WHAT = 'change who is responsible for what';

/** "Engineering › Platform", or null when there is no such team. */
async function teamColumnName(tx: Transaction, teamId: number): Promise<string | null> {
	const [row] = await tx
		.select({ name: team.name, departmentName: department.name })
		.from(team)
		.innerJoin(department, eq(department.id, team.departmentId))
		.where(eq(team.id, teamId));
	return row ? `${row.departmentName} › ${row.name}` : null;
}

/** Adds the team as its own column of the matrix (admins; null: the demo seed); it starts empty. */
export async function addTeamColumn(actorId: number | null, teamId: number): Promise<string> {
	return withEvents(async (tx, record) => {
		if (actorId !== null) await requireActiveAdmin(tx, actorId, WHAT);
		const name = await teamColumnName(tx, teamId);
		if (!name) throw new ServiceError('Choose a team.', 'teamId');
		const [made] = await tx
			.insert(raciTeamColumn)
			.values({ teamId, addedById: actorId })
			.onConflictDoNothing()
			.returning({ teamId: raciTeamColumn.teamId });
		if (!made) throw new ServiceError(`${name} is already a column.`, 'teamId');
		await tx.insert(raciChange).values({ actorId, summary: `Added the column ${name}` });
		await record(RACI_ROOM, 'raci.changed', { activityId: null }, actorId);
		return name;
	});
}

/**
 * Removes the team's column and its letters (admins). Refused, changing nothing, when an
 * activity would be left without its one A or any R: the message names the activity.
 */
export async function removeTeamColumn(actorId: number, teamId: number): Promise<string> {
	return withEvents(async (tx, record) => {
		await requireActiveAdmin(tx, actorId, WHAT);
		const [column] = await tx
			.select({ teamId: raciTeamColumn.teamId })
			.from(raciTeamColumn)
			.where(eq(raciTeamColumn.teamId, teamId))
			.for('update');
		const name = column ? await teamColumnName(tx, teamId) : null;
		if (!name) throw new ServiceError('That team is not a column of the matrix.');
		const key = columnKey({ teamId });
		const activities = await tx
			.selectDistinct({ id: raciActivity.id, name: raciActivity.name })
			.from(raciAssignment)
			.innerJoin(raciActivity, eq(raciActivity.id, raciAssignment.activityId))
			.where(eq(raciAssignment.teamId, teamId))
			.orderBy(asc(raciActivity.name));
		const gone: string[] = [];
		for (const activity of activities) {
			const cells = await currentCells(tx, activity.id);
			const problem = rowProblem(cells.filter((c) => c.column !== key));
			if (problem) {
				// Removing letters can only lose the A or the last R.
				const lost = problem.includes('accountable') ? 'its A' : 'an R';
				throw new ServiceError(
					`Removing ${name} would leave “${activity.name}” without ${lost}: give it to another department or team first.`
				);
			}
			const roles = cells.find((c) => c.column === key)?.roles ?? ([] as RaciRole[]);
			gone.push(`${activity.name}: ${shown(roles)}`);
		}
		// The cascade takes the column's letters with it.
		await tx.delete(raciTeamColumn).where(eq(raciTeamColumn.teamId, teamId));
		const letters = gone.length ? ` (its letters: ${gone.join('; ')})` : '';
		await tx
			.insert(raciChange)
			.values({ actorId, summary: `Removed the column ${name}${letters}` });
		await record(RACI_ROOM, 'raci.changed', { activityId: null }, actorId);
		return name;
	});
}

/**
 * A team that is a column keeps it until an admin removes the column here: deleting the
 * team would take its letters without the rules' check (or a word in the history).
 */
export const keepTeamColumns: TeamDeletionGuard = async (tx, { id, name }) => {
	const [column] = await tx
		.select({ teamId: raciTeamColumn.teamId })
		.from(raciTeamColumn)
		.where(eq(raciTeamColumn.teamId, id));
	if (!column) return null;
	return `${name} is a column of the responsibilities matrix: remove the column there first.`;
};
