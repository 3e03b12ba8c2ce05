// Reading customers: the list, one customer, the export and the names escalations offer.
import { asc, eq, ilike, inArray, sql, type SQL } from 'drizzle-orm';
import { CSV_COLUMNS } from '$lib/customers/schemas';
import { useDb, type Executor } from '../db/client';
import { person } from '../org';
import { formatCsv } from './csv';
import { customer } from './schema';

export type Customer = typeof customer.$inferSelect;

const columns = {
	id: customer.id,
	name: customer.name,
	crmUrl: customer.crmUrl,
	arr: customer.arr,
	tier: customer.tier,
	renewalOn: customer.renewalOn,
	sentiment: customer.sentiment,
	ownerId: customer.ownerId,
	ownerName: person.name,
	ownerEmail: person.email
};

/** Customers by name, optionally those whose name holds `search`. */
export async function listCustomers(search = '', limit = 500) {
	const pattern = `%${search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
	return useDb()
		.select(columns)
		.from(customer)
		.leftJoin(person, eq(person.id, customer.ownerId))
		.where(search.trim() ? ilike(customer.name, pattern) : undefined)
		.orderBy(asc(sql`lower(${customer.name})`))
		.limit(limit);
}
export type CustomerListItem = Awaited<ReturnType<typeof listCustomers>>[number];

/** One customer, or null when there is none with that id. */
export async function customerById(customerId: number) {
	const [row] = await useDb()
		.select(columns)
		.from(customer)
		.leftJoin(person, eq(person.id, customer.ownerId))
		.where(eq(customer.id, customerId));
	return row ?? null;
}

/** Every customer as CSV, in the columns an import reads back. */
export async function customersCsv(): Promise<string> {
	const rows = await listCustomers('', 100_000);
	return formatCsv(
		CSV_COLUMNS,
		rows.map((row) => [
			row.name,
			row.crmUrl,
			row.arr,
			row.tier,
			row.renewalOn,
			row.sentiment,
			row.ownerEmail
		])
	);
}

/** What SLO conditions read of a customer, inside the caller's transaction. */
export async function customerFactsIn(executor: Executor, customerId: number) {
	const [row] = await customerFactsOf(executor, [customerId]);
	return row ?? null;
}

/** Several customers' facts in one read, in no set order. */
export async function customerFactsOf(executor: Executor, customerIds: number[]) {
	if (customerIds.length === 0) return [];
	return executor
		.select({
			id: customer.id,
			name: customer.name,
			arr: customer.arr,
			tier: customer.tier,
			renewalOn: customer.renewalOn,
			sentiment: customer.sentiment
		})
		.from(customer)
		.where(
			customerIds.length === 1 ? eq(customer.id, customerIds[0]) : inArray(customer.id, customerIds)
		);
}
export type CustomerFacts = NonNullable<Awaited<ReturnType<typeof customerFactsIn>>>;

/**
 * The facts of the customer `customerId` points at, as one JSON value (null when it points
 * nowhere), for a read that wants them in its own statement instead of a second read.
 */
export function customerFactsSql(customerId: SQL) {
	return sql<CustomerFacts | null>`(select json_build_object('id', c.id, 'name', c.name,
		'arr', c.arr, 'tier', c.tier, 'renewalOn', c.renewal_on, 'sentiment', c.sentiment)
		from ${customer} c where c.id = ${customerId})`;
}

/** Customers whose renewal date falls between two dates (YYYY-MM-DD, both included). */
export async function customerIdsRenewingBetween(
	tx: Executor,
	from: string,
	to: string
): Promise<number[]> {
	const rows = await tx
		.select({ id: customer.id })
		.from(customer)
		.where(sql`${customer.renewalOn} between ${from} and ${to}`)
		.orderBy(asc(customer.id));
	return rows.map((row) => row.id);
}
