import { error } from '@sveltejs/kit';
import { requirePerson } from '$lib/server/auth';
import { insightsView } from '$lib/server/insights';
import { insightsRequestFrom } from '../params';
import type { RequestHandler } from './$types';

/** A CSV cell: quoted, quotes doubled, and a leading formula character defused. */
function cell(value: unknown): string {
	let text = String(value ?? '');
	if (/^[=+\-@\t\r]/.test(text) && typeof value !== 'number') text = `'${text}`;
	return `"${text.replace(/"/g, '""')}"`;
}

/** One chart's table as a spreadsheet (?chart=…, with the page's own period and level). */
export const GET: RequestHandler = async (event) => {
	const viewer = requirePerson(event);
	const request = insightsRequestFrom(event.url.searchParams, viewer.id);
	if (!request) error(404, 'No such department, team or person.');
	const view = await insightsView(viewer, request);
	if (!view) error(404, 'No such department, team or person.');
	const table = view.tables[event.url.searchParams.get('chart') ?? 'headline'];
	if (!table) error(404, 'No such chart.');
	const lines = [table.columns, ...table.rows].map((row) => row.map(cell).join(','));
	const name = `insights-${table.id}-${view.level}${view.level === 'org' ? '' : `-${view.subjectId}`}-${view.kind}-${view.start}.csv`;
	// The byte-order mark tells spreadsheet programs the file is UTF-8.
	return new Response(`\uFEFF${lines.join('\r\n')}\r\n`, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${name}"`
		}
	});
};
