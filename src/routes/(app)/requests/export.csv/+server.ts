import { requirePerson } from '$lib/server/auth';
import { requestsForExport } from '$lib/server/requests';
import { REQUEST_STATUS_LABELS } from '$lib/requests/schemas';
import { requestFiltersFrom } from '../filters';
import type { RequestHandler } from './$types';

const COLUMNS = [
	'id',
	'title',
	'area',
	'status',
	'times_reported',
	'distinct_customers',
	'arr',
	'arr_renewing_90_days',
	'customers_at_risk',
	'created_at'
] as const;

/** A CSV cell: quoted, quotes doubled, and a leading formula character defused. */
function cell(value: unknown): string {
	let text = value instanceof Date ? value.toISOString() : String(value ?? '');
	if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
	return `"${text.replace(/"/g, '""')}"`;
}

/** The ranked list as a spreadsheet, with the same filters and order as the page. */
export const GET: RequestHandler = async (event) => {
	requirePerson(event);
	const rows = await requestsForExport(requestFiltersFrom(event.url.searchParams));
	const lines = [
		COLUMNS.join(','),
		...rows.map((r) =>
			[
				r.id,
				r.title,
				r.area,
				REQUEST_STATUS_LABELS[r.status],
				r.reportCount,
				r.customerCount,
				r.arr,
				r.renewingArr,
				r.atRiskCount,
				r.createdAt
			]
				.map(cell)
				.join(',')
		)
	];
	// The byte-order mark tells spreadsheet programs the file is UTF-8 ("Tomás" stays whole).
	return new Response(`\uFEFF${lines.join('\r\n')}\r\n`, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': 'attachment; filename="feature-requests.csv"'
		}
	});
};
