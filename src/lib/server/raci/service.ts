// Editing the RACI matrix: admins change a row (checked against the rules), add an
// activity, or start from the template. Every change is kept with who and when.
import { asc, eq, sql } from 'drizzle-orm';
import { CELL_LABELS, cellOfRoles, type RaciRole } from '$lib/raci/roles';
import type { Transaction } from '../db/client';
import { ServiceError } from '../errors';
import { department, requireActiveAdmin } from '../org';
import { withEvents, type RecordEvent } from '../realtime';
import { RACI_ROOM } from './events';
import { activityKey, cellsFromPosted, describeChange, rowProblem, type RowCell } from './rules';
import { raciActivity, raciAssignment, raciChange } from './schema';
import { RACI_TEMPLATE, templateCells } from './template';

const shown = (roles: RaciRole[]) =>
	roles.length ? CELL_LABELS[cellOfRoles(roles)].split(' ')[0] : '';

async function departmentNames(tx: Transaction): Promise<Map<number, string>> {
	const rows = await tx
		.select({ id: department.id, name: department.name })
		.from(department)
		.orderBy(asc(department.name));
	return new Map(rows.map((row) => [row.id, row.name]));
}

/** Replaces the row's letters and keeps the change; the caller checked the rules. */
async function writeRow(
	tx: Transaction,
	record: RecordEvent,
	activityId: number,
	cells: RowCell[],
	names: Map<number, string>,
	actorId: number | null
) {
	const current = await tx
		.select()
		.from(raciAssignment)
		.where(eq(raciAssignment.activityId, activityId));
	const before = new Map<number, string>();
	for (const id of names.keys()) {
		before.set(id, shown(current.filter((c) => c.departmentId === id).map((c) => c.role)));
	}
	const after = new Map(cells.map((c) => [c.departmentId, shown(c.roles)]));
	const summary = describeChange(before, after, names);
	if (summary === 'No change') return false;
	await tx.delete(raciAssignment).where(eq(raciAssignment.activityId, activityId));
	const rows = cells.flatMap((c) =>
		c.roles.map((role) => ({ activityId, departmentId: c.departmentId, role }))
	);
	if (rows.length) await tx.insert(raciAssignment).values(rows);
	await tx.insert(raciChange).values({ activityId, actorId, summary });
	await record(RACI_ROOM, 'raci.changed', { activityId }, actorId);
	return true;
}

/**
 * Saves one row of the matrix from what its form posted (`dept-<id>` → cell). Admins
 * only; a row breaking the rules is refused with the rule. Answers whether it changed.
 */
export async function saveRaciRow(
	actorId: number,
	activityId: number,
	posted: Record<string, unknown>
): Promise<boolean> {
	return withEvents(async (tx, record) => {
		await requireActiveAdmin(tx, actorId, 'change who is responsible for what');
		const [activity] = await tx
			.select({ id: raciActivity.id })
			.from(raciActivity)
			.where(eq(raciActivity.id, activityId))
			.for('update');
		if (!activity) throw new ServiceError('That activity does not exist.');
		const names = await departmentNames(tx);
		const cells = cellsFromPosted(posted, [...names.keys()]);
		if (typeof cells === 'string') throw new ServiceError(cells);
		const problem = rowProblem(cells);
		if (problem) throw new ServiceError(problem);
		return writeRow(tx, record, activityId, cells, names, actorId);
	});
}

/** Adds an activity with its accountable and responsible departments (admins). */
export async function addRaciActivity(
	actorId: number,
	input: { name: string; accountableId: number; responsibleId: number }
): Promise<number> {
	return withEvents(async (tx, record) => {
		await requireActiveAdmin(tx, actorId, 'change who is responsible for what');
		const names = await departmentNames(tx);
		if (!names.has(input.accountableId)) {
			throw new ServiceError('Choose a department.', 'accountableId');
		}
		if (!names.has(input.responsibleId)) {
			throw new ServiceError('Choose a department.', 'responsibleId');
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
		const byDepartment = new Map<number, RaciRole[]>([[input.accountableId, ['A']]]);
		byDepartment.set(input.responsibleId, [...(byDepartment.get(input.responsibleId) ?? []), 'R']);
		const cells = [...byDepartment].map(([departmentId, roles]) => ({ departmentId, roles }));
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
		const names = new Map(departments.map((d) => [d.id, d.name]));
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
