// Keeping customer records: one at a time from the form, many at once from a CSV file
// (all rows or none), and the customer an escalation names, found or created by name.
import { eq, inArray, sql } from 'drizzle-orm';
import {
	CSV_COLUMNS,
	customerSchema,
	type CustomerInput,
	type CustomerTier
} from '$lib/customers/schemas';
import type { Executor, Transaction } from '../db/client';
import { ServiceError, parseOrRefuse } from '../errors';
import { peopleWithPlace, person } from '../org';
import { withEvents } from '../realtime';
import { parseCsv } from './csv';
import { CUSTOMERS_ROOM } from './events';
import { customersChangedIn } from './listeners';
import { mayEditCustomers } from './rules';
import { customer } from './schema';

/** A refused import: what is wrong, row by row (line numbers as the spreadsheet shows them). */
export class CustomerImportError extends ServiceError {
	constructor(readonly rows: { line: number; message: string }[]) {
		super(
			`Nothing was imported: ${rows.length} ${rows.length === 1 ? 'row needs' : 'rows need'} fixing.`,
			'file'
		);
	}
}

async function requireEditor(tx: Executor, actorId: number): Promise<void> {
	const [actor] = await peopleWithPlace(tx).where(eq(person.id, actorId));
	if (!actor || !mayEditCustomers(actor)) {
		throw new ServiceError('Only Support and admins can change customer records.');
	}
}

async function requireOwner(tx: Executor, ownerId: number | null): Promise<void> {
	if (ownerId === null) return;
	const [owner] = await tx
		.select({ active: person.active })
		.from(person)
		.where(eq(person.id, ownerId));
	if (!owner?.active) throw new ServiceError('Choose an active person as the owner.', 'ownerId');
}

function rowOf(input: CustomerInput) {
	return {
		name: input.name,
		crmUrl: input.crmUrl || null,
		arr: input.arr,
		tier: input.tier,
		renewalOn: input.renewalOn || null,
		sentiment: input.sentiment,
		ownerId: input.ownerId
	};
}

async function nameTaken(tx: Executor, name: string, exceptId?: number): Promise<boolean> {
	const [row] = await tx
		.select({ id: customer.id })
		.from(customer)
		.where(sql`lower(${customer.name}) = lower(${name})`);
	return Boolean(row && row.id !== exceptId);
}

/** Creates a customer, or updates the one `input.id` names; answers its id. */
export async function saveCustomer(actorId: number, raw: CustomerInput): Promise<number> {
	const input = parseOrRefuse(customerSchema, raw);
	return withEvents(async (tx, record) => {
		await requireEditor(tx, actorId);
		await requireOwner(tx, input.ownerId);
		if (await nameTaken(tx, input.name, input.id)) {
			throw new ServiceError(`There is already a customer named “${input.name}”.`, 'name');
		}
		let id = input.id;
		if (id) {
			const [updated] = await tx
				.update(customer)
				.set({ ...rowOf(input), updatedAt: sql`now()` })
				.where(eq(customer.id, id))
				.returning({ id: customer.id });
			if (!updated) throw new ServiceError('That customer does not exist.');
			await customersChangedIn(tx, record, [id]);
		} else {
			[{ id }] = await tx.insert(customer).values(rowOf(input)).returning({ id: customer.id });
		}
		await record(CUSTOMERS_ROOM, 'customer.saved', { customerId: id, name: input.name }, actorId);
		return id;
	});
}

/**
 * The customer an escalation names, inside its transaction: the one with that name in any
 * case, or a new one (with the tier the reporter gave) so every named customer is a record.
 */
export async function customerNamedIn(
	tx: Transaction,
	name: string,
	tier: CustomerTier | null
): Promise<{ id: number; name: string; tier: CustomerTier }> {
	const trimmed = name.trim();
	const match = () =>
		tx
			.select({ id: customer.id, name: customer.name, tier: customer.tier })
			.from(customer)
			.where(sql`lower(${customer.name}) = lower(${trimmed})`);
	const [found] = await match();
	if (found) return found;
	await tx
		.insert(customer)
		.values({ name: trimmed, tier: tier ?? 'pro' })
		.onConflictDoNothing();
	const [created] = await match();
	return created;
}

/** Customers' ids by lower-cased name, for the names given. */
async function idsByName(tx: Executor, names: string[]): Promise<Map<string, number>> {
	if (names.length === 0) return new Map();
	const lower = [...new Set(names.map((name) => name.toLowerCase()))];
	const rows = await tx
		.select({ id: customer.id, name: customer.name })
		.from(customer)
		.where(inArray(sql`lower(${customer.name})`, lower));
	return new Map(rows.map((row) => [row.name.toLowerCase(), row.id]));
}

type CsvRecord = Partial<Record<(typeof CSV_COLUMNS)[number], string>>;

/** The form's input from one CSV row, or the reason it is not one. */
function inputOfRow(
	row: CsvRecord,
	owners: Map<string, number>
): { input: CustomerInput } | { error: string } {
	const ownerEmail = row.owner_email?.trim().toLowerCase() ?? '';
	const ownerId = ownerEmail ? owners.get(ownerEmail) : null;
	if (ownerId === undefined) return { error: `owner_email: nobody active has “${ownerEmail}”.` };
	const arrText = row.arr?.trim().replaceAll(',', '') ?? '';
	const parsed = customerSchema.safeParse({
		name: row.name ?? '',
		crmUrl: row.crm_url?.trim() ?? '',
		arr: arrText === '' ? 0 : /^\d+$/.test(arrText) ? Number(arrText) : Number.NaN,
		tier: row.tier?.trim().toLowerCase() || 'pro',
		renewalOn: row.renewal_date?.trim() ?? '',
		sentiment: row.sentiment?.trim().toLowerCase().replace(' ', '_') || 'neutral',
		ownerId
	});
	if (parsed.success) return { input: parsed.data };
	const issue = parsed.error.issues[0];
	const column = { crmUrl: 'crm_url', renewalOn: 'renewal_date' }[String(issue.path[0])];
	return { error: `${column ?? String(issue.path[0])}: ${issue.message}` };
}

/** An exported cell that looked like a formula was written with a leading ': take it off. */
function undefuse(cell: string): string {
	return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

/** Reads the CSV's header into records; refuses unknown or missing columns. */
function recordsOf(text: string): CsvRecord[] {
	const rows = parseCsv(text);
	if (!rows) throw new ServiceError('The file has a quoted field that never closes.', 'file');
	if (rows.length === 0) throw new ServiceError('The file has no rows.', 'file');
	const header = rows[0].map((name) => name.trim().toLowerCase());
	const unknown = header.filter((name) => !(CSV_COLUMNS as readonly string[]).includes(name));
	if (unknown.length || !header.includes('name')) {
		throw new ServiceError(
			`The first row must name the columns: ${CSV_COLUMNS.join(', ')} (name is required)${unknown.length ? `; unknown: ${unknown.join(', ')}` : ''}.`,
			'file'
		);
	}
	if (rows.length > 10_001)
		throw new ServiceError('Import at most 10,000 customers at once.', 'file');
	return rows
		.slice(1)
		.map((cells) => Object.fromEntries(header.map((name, i) => [name, undefuse(cells[i] ?? '')])));
}

/**
 * Imports customers from CSV: new names are created, known names (any case) updated. Every
 * row is checked first; one bad row refuses the whole file, with each bad row's reason.
 */
export async function importCustomers(
	actorId: number,
	text: string
): Promise<{ created: number; updated: number }> {
	const records = recordsOf(text);
	return withEvents(async (tx, record) => {
		await requireEditor(tx, actorId);
		const emails = records.map((r) => r.owner_email?.trim().toLowerCase() ?? '').filter(Boolean);
		const owners = new Map<string, number>();
		if (emails.length) {
			const rows = await tx
				.select({ id: person.id, email: person.email, active: person.active })
				.from(person)
				.where(inArray(sql`lower(${person.email})`, [...new Set(emails)]));
			for (const row of rows) if (row.active) owners.set(row.email.toLowerCase(), row.id);
		}
		const errors: { line: number; message: string }[] = [];
		const inputs: CustomerInput[] = [];
		const seen = new Map<string, number>();
		records.forEach((row, i) => {
			const line = i + 2;
			const result = inputOfRow(row, owners);
			if ('error' in result) return void errors.push({ line, message: result.error });
			const key = result.input.name.toLowerCase();
			if (seen.has(key)) {
				return void errors.push({ line, message: `name: also on line ${seen.get(key)}.` });
			}
			seen.set(key, line);
			inputs.push(result.input);
		});
		if (errors.length) throw new CustomerImportError(errors.slice(0, 50));
		const existing = await idsByName(
			tx,
			inputs.map((input) => input.name)
		);
		let created = 0;
		const updatedIds: number[] = [];
		for (const input of inputs) {
			const id = existing.get(input.name.toLowerCase());
			if (id) {
				// The record keeps its own spelling of the name; the file matched it in any case.
				const { name: _sameName, ...changes } = rowOf(input);
				await tx
					.update(customer)
					.set({ ...changes, updatedAt: sql`now()` })
					.where(eq(customer.id, id));
				updatedIds.push(id);
			} else {
				await tx.insert(customer).values(rowOf(input));
				created++;
			}
		}
		await customersChangedIn(tx, record, updatedIds);
		const result = { created, updated: inputs.length - created };
		await record(CUSTOMERS_ROOM, 'customers.imported', result, actorId);
		return result;
	});
}
