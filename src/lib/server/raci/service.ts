// Editing the RACI matrix: admins change a row (checked against the rules), add an
// activity, or start from the template. Every change is kept with who and when.
import { asc, eq, sql } from 'drizzle-orm';
import { CELL_LABELS, cellOfRoles, type RaciRole } from '$lib/raci/roles';
import type { Executor, Transaction } from '../db/client';
import { ServiceError } from '../errors';
import { department, requireActiveAdmin } from '../org';
import { withEvents, type RecordEvent } from '../realtime';
import { RACI_ROOM } from './events';
import { raciColumnsIn } from './queries';
import {
	activityKey,
	cellsFromPosted,
	columnKey,
	columnRef,
	describeChange,
	rowProblem,
	type RowCell
} from './rules';
import { raciActivity, raciAssignment, raciChange, raciTeamColumn } from './schema';
import { RACI_TEMPLATE, templateCells } from './template';

/** "A/R": a cell's letters as the history writes them. */
export const shown = (roles: RaciRole[]) =>
	roles.length ? CELL_LABELS[cellOfRoles(roles)].split(' ')[0] : '';

/**
 * Each column's name by its key, in the matrix's order, for a write. The team columns are
 * locked (shared) first, so a column cannot be removed between these rules checks and the
 * letters written to it; a removal under way is waited for and then not seen.
 */
async function columnNames(tx: Transaction): Promise<Map<string, string>> {
	await tx.select({ teamId: raciTeamColumn.teamId }).from(raciTeamColumn).for('share');
	return new Map((await raciColumnsIn(tx)).map((c) => [c.key, c.name]));
}

/** The row's letters now, by column key. */
export async function currentCells(tx: Executor, activityId: number): Promise<RowCell[]> {
	const current = await tx
		.select()
		.from(raciAssignment)
		.where(eq(raciAssignment.activityId, activityId));
	const byColumn = new Map<string, RaciRole[]>();
	for (const c of current) {
		byColumn.set(columnKey(c), [...(byColumn.get(columnKey(c)) ?? []), c.role]);
	}
	return [...byColumn].map(([column, roles]) => ({ column, roles }));
}

/** Replaces the row's letters and keeps the change; the caller checked the rules. */
async function writeRow(
	tx: Transaction,
	record: RecordEvent,
	activityId: number,
	cells: RowCell[],
	names: Map<string, string>,
	actorId: number | null
) {
	const current = await currentCells(tx, activityId);
	const before = new Map(current.map((c) => [c.column, shown(c.roles)]));
	const after = new Map(cells.map((c) => [c.column, shown(c.roles)]));
	const summary = describeChange(before, after, names);
	if (summary === 'No change') return false;
	await tx.delete(raciAssignment).where(eq(raciAssignment.activityId, activityId));
	const rows = cells.flatMap((c) =>
		c.roles.map((role) => ({ activityId, ...columnRef(c.column), role }))
	);
	if (rows.length) await tx.insert(raciAssignment).values(rows);
	await tx.insert(raciChange).values({ activityId, actorId, summary });
	await record(RACI_ROOM, 'raci.changed', { activityId }, actorId);
	return true;
}

/**
 * Saves one row of the matrix from what its form posted (column key → cell). Admins only;
 * a row breaking the rules is refused with the rule. A column the form did not know (added
 * since the page loaded) keeps its letters. Answers whether it changed. (A null actor is
 * the demo seed.)
 */
export async function saveRaciRow(
	actorId: number | null,
	activityId: number,
	posted: Record<string, unknown>
): Promise<boolean> {
	return withEvents(async (tx, record) => {
		if (actorId !== null) {
			await requireActiveAdmin(tx, actorId, 'change who is responsible for what');
		}
		const [activity] = await tx
			.select({ id: raciActivity.id })
			.from(raciActivity)
			.where(eq(raciActivity.id, activityId))
			.for('update');
		if (!activity) throw new ServiceError('That activity does not exist.');
		const names = await columnNames(tx);
		const unposted = (await currentCells(tx, activityId)).filter((c) => !(c.column in posted));
		const cells = cellsFromPosted(
			posted,
			[...names.keys()].filter((key) => key in posted)
		);
		if (typeof cells === 'string') throw new ServiceError(cells);
		cells.push(...unposted.filter((c) => names.has(c.column)));
		const problem = rowProblem(cells);
		if (problem) throw new ServiceError(problem);
		return writeRow(tx, record, activityId, cells, names, actorId);
	});
}

/** Adds an activity with its accountable and responsible columns, by key (admins). */
export async function addRaciActivity(
	actorId: number,
	input: { name: string; accountable: string; responsible: string }
): Promise<number> {
	return withEvents(async (tx, record) => {
		await requireActiveAdmin(tx, actorId, 'change who is responsible for what');
		const names = await columnNames(tx);
		if (!names.has(input.accountable)) {
			throw new ServiceError('Choose a department or team.', 'accountable');
		}
		if (!names.has(input.responsible)) {
			throw new ServiceError('Choose a department or team.', 'responsible');
		}
		const key = activityKey(input.name);
		const [taken] = await tx
			.select({ id: raciActivity.id })
			.from(raciActivity)
			.where(
				sql`${raciActivity.key} = ${key} or lower(${raciActivity.name}) = lower(${input.name})`
			);
		if (taken) throw new ServiceError('There is already an activity with that name.', 'name');
		const [{ position }] = await tx
			.select({ position: sql<number>`coalesce(max(${raciActivity.position}), 0) + 1` })
			.from(raciActivity);
		const [{ id }] = await tx
			.insert(raciActivity)
			.values({ key, name: input.name, position: Number(position) })
			.returning({ id: raciActivity.id });
		const byColumn = new Map<string, RaciRole[]>([[input.accountable, ['A']]]);
		byColumn.set(input.responsible, [...(byColumn.get(input.responsible) ?? []), 'R']);
		const cells = [...byColumn].map(([column, roles]) => ({ column, roles }));
		await writeRow(tx, record, id, cells, names, actorId);
		return id;
	});
}

/**
 * The usual activities, each given to the first department of the fitting kind. Adds
 * only the activities missing, so it can run again; answers how many it added.
 */
export async function applyRaciTemplate(actorId: number | null): Promise<number> {
	return withEvents(async (tx, record) => {
		if (actorId !== null) {
			await requireActiveAdmin(tx, actorId, 'change who is responsible for what');
		}
		const departments = await tx
			.select({ id: department.id, kind: department.kind, name: department.name })
			.from(department)
			.orderBy(asc(department.id));
		const names = await columnNames(tx);
		let added = 0;
		for (const [position, item] of RACI_TEMPLATE.entries()) {
			const [made] = await tx
				.insert(raciActivity)
				.values({ key: item.key, name: item.name, position: position + 1 })
				.onConflictDoNothing()
				.returning({ id: raciActivity.id });
			if (!made) continue;
			added++;
			await writeRow(tx, record, made.id, templateCells(item, departments), names, actorId);
		}
		return added;
	});
}
