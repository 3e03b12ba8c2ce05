// Reading feature requests: the ranked list, one request with its reports, duplicates
// while someone types, the export, and the top requests other modules show.
import { and, asc, count, desc, eq, ilike, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { RENEWAL_WINDOW_DAYS, type RequestSort, type RequestStatus } from '$lib/requests/schemas';
import { customer } from '../customers';
import { rowsOf, useDb, type Executor } from '../db/client';
import { person } from '../org';
import { featureRequest, requestCustomer, requestReport } from './schema';

/** Customers whose renewal falls within the window from today (the date is the server's). */
const renewsSoon = sql`${customer.renewalOn} between current_date and current_date + ${sql.raw(String(RENEWAL_WINDOW_DAYS))}`;

export interface RequestFilters {
	area?: string;
	status?: RequestStatus;
	sort?: RequestSort;
	limit?: number;
	offset?: number;
}

function whereOf(filters: RequestFilters): SQL | undefined {
	return and(
		isNull(featureRequest.mergedIntoId),
		filters.status ? eq(featureRequest.status, filters.status) : undefined,
		filters.area ? sql`lower(${featureRequest.area}) = lower(${filters.area})` : undefined
	);
}

const listColumns = {
	id: featureRequest.id,
	title: featureRequest.title,
	area: featureRequest.area,
	status: featureRequest.status,
	reportCount: featureRequest.reportCount,
	customerCount: featureRequest.customerCount,
	arr: featureRequest.arr,
	atRiskCount: featureRequest.atRiskCount,
	createdAt: featureRequest.createdAt
};

/** The ARR renewing soon of each request, from its customers renewing in the window. */
export async function renewingArrOf(ids: number[]): Promise<Map<number, number>> {
	if (ids.length === 0) return new Map();
	const rows = await useDb()
		.select({ id: requestCustomer.requestId, arr: sql<string>`sum(${customer.arr})` })
		.from(requestCustomer)
		.innerJoin(customer, eq(customer.id, requestCustomer.customerId))
		.where(and(inArray(requestCustomer.requestId, ids), renewsSoon))
		.groupBy(requestCustomer.requestId);
	return new Map(rows.map((row) => [row.id, Number(row.arr)]));
}

const ORDER: Record<Exclude<RequestSort, 'renewing'>, SQL> = {
	arr: desc(featureRequest.arr),
	customers: desc(featureRequest.customerCount),
	reports: desc(featureRequest.reportCount),
	at_risk: desc(featureRequest.atRiskCount),
	newest: desc(featureRequest.createdAt)
};

/** Ids in the order "renewing soon" ranks them: the sum over customers renewing in the window. */
async function idsByRenewing(filters: RequestFilters, limit: number, offset: number) {
	const db = useDb();
	const soon = db
		.select({
			requestId: requestCustomer.requestId,
			arr: sql<string>`sum(${customer.arr})`.as('soon_arr')
		})
		.from(requestCustomer)
		.innerJoin(customer, eq(customer.id, requestCustomer.customerId))
		.where(renewsSoon)
		.groupBy(requestCustomer.requestId)
		.as('soon');
	const rows = await db
		.select({ id: featureRequest.id })
		.from(featureRequest)
		.leftJoin(soon, eq(soon.requestId, featureRequest.id))
		.where(whereOf(filters))
		.orderBy(desc(sql`coalesce(${soon.arr}, 0)`), desc(featureRequest.arr), asc(featureRequest.id))
		.limit(limit)
		.offset(offset);
	return rows.map((row) => row.id);
}

/** The ranked list: one page of open requests, with the ARR renewing soon of each. */
export async function listRequests(filters: RequestFilters = {}) {
	const { sort = 'arr', limit = 50, offset = 0 } = filters;
	const db = useDb();
	let rows;
	if (sort === 'renewing') {
		const ids = await idsByRenewing(filters, limit, offset);
		const found = ids.length
			? await db.select(listColumns).from(featureRequest).where(inArray(featureRequest.id, ids))
			: [];
		rows = ids.map((id) => found.find((row) => row.id === id)!).filter(Boolean);
	} else {
		rows = await db
			.select(listColumns)
			.from(featureRequest)
			.where(whereOf(filters))
			.orderBy(ORDER[sort], asc(featureRequest.id))
			.limit(limit)
			.offset(offset);
	}
	const renewing = await renewingArrOf(rows.map((row) => row.id));
	return rows.map((row) => ({ ...row, renewingArr: renewing.get(row.id) ?? 0 }));
}
export type RequestListItem = Awaited<ReturnType<typeof listRequests>>[number];

export async function countRequests(filters: RequestFilters = {}): Promise<number> {
	const [row] = await useDb().select({ n: count() }).from(featureRequest).where(whereOf(filters));
	return row.n;
}

/** The product areas requests name, for the filter. */
export async function requestAreas(): Promise<string[]> {
	const rows = await useDb()
		.selectDistinct({ area: featureRequest.area })
		.from(featureRequest)
		.where(isNull(featureRequest.mergedIntoId))
		.orderBy(asc(featureRequest.area))
		.limit(200);
	return rows.map((row) => row.area);
}

/** One request with its figures and the ARR renewing soon, or null when there is none. */
export async function requestDetail(requestId: number) {
	const [row] = await useDb()
		.select({ request: featureRequest, createdByName: person.name })
		.from(featureRequest)
		.leftJoin(person, eq(person.id, featureRequest.createdById))
		.where(eq(featureRequest.id, requestId));
	if (!row) return null;
	const renewing = await renewingArrOf([requestId]);
	return {
		...row.request,
		createdByName: row.createdByName,
		renewingArr: renewing.get(requestId) ?? 0
	};
}
export type RequestDetail = NonNullable<Awaited<ReturnType<typeof requestDetail>>>;

/** The request's reports, newest first, with customer and reporter. */
export async function reportsOf(requestId: number, limit = 200) {
	return useDb()
		.select({
			id: requestReport.id,
			quote: requestReport.quote,
			link: requestReport.link,
			sourceKind: requestReport.sourceKind,
			sourceId: requestReport.sourceId,
			createdAt: requestReport.createdAt,
			customerId: customer.id,
			customerName: customer.name,
			customerArr: customer.arr,
			sentiment: customer.sentiment,
			renewalOn: customer.renewalOn,
			reporterId: requestReport.reporterId,
			reporterName: person.name
		})
		.from(requestReport)
		.innerJoin(customer, eq(customer.id, requestReport.customerId))
		.innerJoin(person, eq(person.id, requestReport.reporterId))
		.where(eq(requestReport.requestId, requestId))
		.orderBy(desc(requestReport.createdAt), desc(requestReport.id))
		.limit(limit);
}

/** Open requests whose titles look like `text` (trigram similarity), most similar first. */
export async function similarRequests(text: string, limit = 5) {
	const query = text.trim().slice(0, 200);
	if (query.length < 3) return [];
	return rowsOf<{ id: number; title: string; status: RequestStatus; customer_count: number }>(
		useDb(),
		sql`select id, title, status, customer_count
			from feature_request
			where merged_into_id is null and title % ${query}
			order by similarity(title, ${query}) desc, id asc
			limit ${limit}`
	);
}

/** Requests whose title holds `search`, to pick one to merge into or report on. */
export async function findRequests(search: string, limit = 20) {
	const pattern = `%${search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
	return useDb()
		.select({ id: featureRequest.id, title: featureRequest.title })
		.from(featureRequest)
		.where(and(isNull(featureRequest.mergedIntoId), ilike(featureRequest.title, pattern)))
		.orderBy(desc(featureRequest.arr), asc(featureRequest.id))
		.limit(limit);
}

/** The top open requests by their customers' ARR: what insights and the monthly sync show. */
export async function topRequestsByArr(limit = 10) {
	return listRequests({ sort: 'arr', limit: Math.min(Math.max(limit, 1), 100) });
}

/**
 * The requests customers asked for between `from` and `to`, by the ARR of the distinct
 * customers who asked in that time (a merged request's reports count for the one it was
 * merged into): what insights shows for a month or week, now or long past.
 */
export async function topRequestsAskedBetween(
	from: Date,
	to: Date,
	limit = 10,
	db: Executor = useDb()
) {
	const rows = await rowsOf<{ id: number; title: string; arr: string; customers: number }>(
		db,
		sql`select r.id, r.title, sum(c.arr)::bigint as arr, count(*)::int as customers
			from (select distinct rr.request_id, rr.customer_id from ${requestReport} rr
				where rr.created_at >= ${from.toISOString()}::timestamptz
					and rr.created_at < ${to.toISOString()}::timestamptz) asked
			join ${featureRequest} r on r.id = asked.request_id and r.merged_into_id is null
			join ${customer} c on c.id = asked.customer_id
			group by r.id, r.title
			order by sum(c.arr) desc, count(*) desc, r.id
			limit ${Math.min(Math.max(limit, 1), 100)}`
	);
	return rows.map((row) => ({ ...row, arr: Number(row.arr) }));
}

/** Every open request in the list's order, for the CSV export. */
export async function requestsForExport(filters: Omit<RequestFilters, 'limit' | 'offset'>) {
	return listRequests({ ...filters, limit: 10_000, offset: 0 });
}
