// Keeping a request's figures current: each report adds to them where it is written; a
// merge or a change to a customer's ARR or sentiment recomputes the few requests it
// touches from their distinct customers (bounded by those, never a scan of reports).
import { sql } from 'drizzle-orm';
import { rowsOf, type Transaction } from '../db/client';
import type { RecordEvent } from '../realtime';
import { REQUESTS_ROOM, requestRoom, type RequestFigures } from './events';

interface FigureRow {
	id: number;
	report_count: number;
	customer_count: number;
	arr: string | number;
	at_risk_count: number;
}

function figuresOf(row: FigureRow): RequestFigures {
	return {
		requestId: Number(row.id),
		reportCount: Number(row.report_count),
		customerCount: Number(row.customer_count),
		arr: Number(row.arr),
		atRiskCount: Number(row.at_risk_count)
	};
}

/** Locks the requests (in id order, so two writers never wait on each other in a circle). */
export async function lockRequests(tx: Transaction, ids: number[]): Promise<void> {
	if (ids.length === 0) return;
	const list = sql.join(
		[...new Set(ids)].map((id) => sql`${id}`),
		sql`, `
	);
	await tx.execute(
		sql`select id from feature_request where id in (${list}) order by id for update`
	);
}

/** Recomputes the figures of `ids` from their customers, inside the caller's lock. */
export async function recomputeFigures(
	tx: Transaction,
	record: RecordEvent,
	ids: number[]
): Promise<RequestFigures[]> {
	if (ids.length === 0) return [];
	const list = sql.join(
		ids.map((id) => sql`${id}`),
		sql`, `
	);
	const rows = await rowsOf<FigureRow>(
		tx,
		sql`update feature_request as fr set
				report_count = agg.reports, customer_count = agg.customers,
				arr = agg.arr, at_risk_count = agg.at_risk, updated_at = now()
			from (
				select r.id,
					coalesce(sum(rc.reports), 0) as reports,
					count(rc.customer_id) as customers,
					coalesce(sum(c.arr), 0) as arr,
					count(*) filter (where c.sentiment = 'at_risk') as at_risk
				from feature_request r
				left join request_customer rc on rc.request_id = r.id
				left join customer c on c.id = rc.customer_id
				where r.id in (${list})
				group by r.id
			) as agg
			where fr.id = agg.id
			returning fr.id, fr.report_count, fr.customer_count, fr.arr, fr.at_risk_count`
	);
	const figures = rows.map(figuresOf);
	for (const f of figures) {
		await record(requestRoom(f.requestId), 'request.figures', f);
		await record(REQUESTS_ROOM, 'request.figures', f);
	}
	return figures;
}

/**
 * One more report of `customerId`: counted once per report, and once per customer the
 * first time that customer asks. The caller holds the request's lock.
 */
export async function countReport(
	tx: Transaction,
	requestId: number,
	customer: { id: number; arr: number; sentiment: string }
): Promise<RequestFigures> {
	const [{ reports }] = await rowsOf<{ reports: number }>(
		tx,
		sql`insert into request_customer (request_id, customer_id, reports)
			values (${requestId}, ${customer.id}, 1)
			on conflict (request_id, customer_id)
			do update set reports = request_customer.reports + 1
			returning reports`
	);
	const first = Number(reports) === 1;
	const [row] = await rowsOf<FigureRow>(
		tx,
		sql`update feature_request set
				report_count = report_count + 1,
				customer_count = customer_count + ${first ? 1 : 0},
				arr = arr + ${first ? customer.arr : 0},
				at_risk_count = at_risk_count + ${first && customer.sentiment === 'at_risk' ? 1 : 0},
				updated_at = now()
			where id = ${requestId}
			returning id, report_count, customer_count, arr, at_risk_count`
	);
	return figuresOf(row);
}

/** The customers' facts changed: every open request they asked for is recomputed. */
export async function customersChanged(
	tx: Transaction,
	record: RecordEvent,
	customerIds: number[]
): Promise<void> {
	const list = sql.join(
		customerIds.map((id) => sql`${id}`),
		sql`, `
	);
	const rows = await rowsOf<{ request_id: number }>(
		tx,
		sql`select distinct rc.request_id from request_customer rc
			join feature_request fr on fr.id = rc.request_id
			where rc.customer_id in (${list}) and fr.merged_into_id is null
			order by rc.request_id`
	);
	const ids = rows.map((row) => Number(row.request_id));
	await lockRequests(tx, ids);
	await recomputeFigures(tx, record, ids);
}
