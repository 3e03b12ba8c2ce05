// Kudos administration: the company values a kudos is tied to, and the workspace's kudos
// rules (allowance, cap per kudos, cross-department bonus). Admins only, checked here for
// every caller. Each change is one transaction with an event in the `kudos` room, so open
// walls refresh their value list and limits. Values are never deleted: kudos keep theirs.
import { and, asc, count, eq, ne, sql } from 'drizzle-orm';
import {
	companyValueSchema,
	kudosSettingsSchema,
	type CompanyValueInput,
	type KudosSettingsInput
} from '$lib/kudos/schemas';
import { useDb, type Executor, type Transaction } from '../db/client';
import { companyValue, kudos, kudosAllowance, kudosSettings } from './schema';
import { parseOrRefuse, ServiceError } from '../errors';
import { requireActiveAdmin } from '../org';
import { withEvents } from '../realtime';
import { allowanceMonth } from './allowance';
import { KUDOS_ROOM } from './events';

export type CompanyValue = typeof companyValue.$inferSelect;
type KudosSettings = typeof kudosSettings.$inferSelect;

/** What an admin changes on a value; fields left out stay as they are. */
export interface ValueChange {
	name?: string;
	description?: string;
	active?: boolean;
}

// ---- company values ----------------------------------------------------------------------

/** The company values in their order; inactive ones only for admins managing the list. */
export async function listValues(
	options: { includeInactive?: boolean } = {}
): Promise<CompanyValue[]> {
	return useDb()
		.select()
		.from(companyValue)
		.where(options.includeInactive ? undefined : eq(companyValue.active, true))
		.orderBy(asc(companyValue.position), asc(companyValue.name));
}

/** How many kudos (hidden ones too) carry each value: what a rename would relabel. */
export async function kudosCountByValue(): Promise<Record<number, number>> {
	const rows = await useDb()
		.select({ valueId: kudos.valueId, count: count() })
		.from(kudos)
		.groupBy(kudos.valueId);
	return Object.fromEntries(rows.map((r) => [r.valueId, r.count]));
}

/** Names are unique ignoring case: "Own it" and "own it" would split the wall's figures. */
async function refuseTakenName(tx: Executor, name: string, exceptId?: number): Promise<void> {
	const [taken] = await tx
		.select({ name: companyValue.name, active: companyValue.active })
		.from(companyValue)
		.where(
			and(
				sql`lower(${companyValue.name}) = lower(${name})`,
				exceptId === undefined ? undefined : ne(companyValue.id, exceptId)
			)
		);
	if (!taken) return;
	const inactive = taken.active ? '' : ' It is inactive: reactivate it instead.';
	throw new ServiceError(`There is already a value called “${taken.name}”.${inactive}`, 'name');
}

/** The unique index's refusal, raised when another admin took the name in the meantime. */
function isNameConflict(err: unknown): boolean {
	for (let e = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
		const { code, constraint, constraint_name } = e as Record<string, unknown>;
		if (code === '23505') {
			return (constraint ?? constraint_name ?? 'company_value_name_ci') === 'company_value_name_ci';
		}
	}
	return false;
}

/** Runs a write that may lose a race for `name`, answering the same refusal as the check. */
async function claimingName<T>(name: string | undefined, write: () => Promise<T>): Promise<T> {
	try {
		return await write();
	} catch (err) {
		if (name !== undefined && isNameConflict(err)) {
			throw new ServiceError(`There is already a value called “${name.trim()}”.`, 'name');
		}
		throw err;
	}
}

/** Adds a value, active, at the end of the list. */
export async function addValue(adminId: number, input: CompanyValueInput): Promise<CompanyValue> {
	return claimingName(input.name, () =>
		withEvents(async (tx, record) => {
			await requireActiveAdmin(tx, adminId, 'add company values');
			const fields = parseOrRefuse(companyValueSchema, input);
			await refuseTakenName(tx, fields.name);
			const last = sql`(select coalesce(max(${companyValue.position}), 0) from ${companyValue})`;
			const [created] = await tx
				.insert(companyValue)
				.values({ ...fields, position: sql`${last} + 1` })
				.returning();
			await record(KUDOS_ROOM, 'kudos.values', { valueId: created.id }, adminId);
			return created;
		})
	);
}

function checkedChange(change: ValueChange): ValueChange {
	const { name, description } = companyValueSchema.shape;
	return {
		...(change.name !== undefined && { name: parseOrRefuse(name, change.name, 'name') }),
		...(change.description !== undefined && {
			description: parseOrRefuse(description, change.description, 'description')
		}),
		...(change.active !== undefined && { active: change.active === true })
	};
}

/**
 * Kudos need a value, so the last active one stays. The active values are locked in id
 * order first, so two admins retiring the last two at once queue instead of both passing.
 */
async function keepOneActive(tx: Transaction, valueId: number): Promise<void> {
	const active = await tx
		.select({ id: companyValue.id })
		.from(companyValue)
		.where(eq(companyValue.active, true))
		.orderBy(asc(companyValue.id))
		.for('update');
	if (active.every((v) => v.id === valueId)) {
		throw new ServiceError('Keep at least one value active: every kudos is given for one.');
	}
}

/**
 * Renames, re-describes, deactivates or reactivates a value. Kudos already given keep it
 * (and show its new name); an inactive value is only no longer offered for new kudos.
 */
export async function updateValue(
	adminId: number,
	valueId: number,
	change: ValueChange
): Promise<CompanyValue> {
	return claimingName(change.name, () =>
		withEvents(async (tx, record) => {
			await requireActiveAdmin(tx, adminId, 'change company values');
			const fields = checkedChange(change);
			if (fields.active === false) await keepOneActive(tx, valueId);
			const [current] = await tx.select().from(companyValue).where(eq(companyValue.id, valueId));
			if (!current) throw new ServiceError('That value does not exist.');
			if (Object.keys(fields).length === 0) return current;
			if (fields.name !== undefined) await refuseTakenName(tx, fields.name, valueId);
			const [updated] = await tx
				.update(companyValue)
				.set(fields)
				.where(eq(companyValue.id, valueId))
				.returning();
			await record(KUDOS_ROOM, 'kudos.values', { valueId }, adminId);
			return updated;
		})
	);
}

// ---- rules -------------------------------------------------------------------------------

/**
 * Sets the kudos rules. The allowance applies to the current month at once: allowances
 * already opened this month are raised or lowered to it, never below what was given.
 */
export async function updateKudosSettings(
	adminId: number,
	input: KudosSettingsInput
): Promise<KudosSettings> {
	// Read before the transaction: an embedded database has one connection, held by it.
	const month = await allowanceMonth();
	return withEvents(async (tx, record) => {
		await requireActiveAdmin(tx, adminId, 'change the kudos rules');
		const rules = parseOrRefuse(kudosSettingsSchema, input);
		const updatedAt = new Date();
		const [saved] = await tx
			.insert(kudosSettings)
			.values({ id: 1, ...rules, updatedAt })
			.onConflictDoUpdate({ target: kudosSettings.id, set: { ...rules, updatedAt } })
			.returning();
		await tx
			.update(kudosAllowance)
			.set({
				granted: sql`greatest(${kudosAllowance.spent}, ${rules.monthlyAllowance})`,
				updatedAt
			})
			.where(eq(kudosAllowance.month, month));
		await record(KUDOS_ROOM, 'kudos.settings', rules, adminId);
		return saved;
	});
}
