import { requirePerson } from '$lib/server/auth';
import { bugsForExport } from '$lib/server/bugbash';
import { bashFromParams } from '../bash.server';
import type { RequestHandler } from './$types';

const COLUMNS = [
	'id',
	'title',
	'area',
	'severity',
	'status',
	'reporter',
	'department',
	'duplicate_of',
	'confirmations',
	'escalation',
	'steps',
	'expected',
	'actual',
	'environment',
	'logged_at'
] as const;

/** A CSV cell: quoted, quotes doubled, and a leading formula character defused. */
function cell(value: unknown): string {
	let text = value instanceof Date ? value.toISOString() : String(value ?? '');
	if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
	return `"${text.replace(/"/g, '""')}"`;
}

/** Every bug of the bash as a spreadsheet, for the launch review. */
export const GET: RequestHandler = async (event) => {
	requirePerson(event);
	const bash = await bashFromParams(event.params);
	const rows = await bugsForExport(bash.id);
	const lines = [
		COLUMNS.join(','),
		...rows.map((row) => COLUMNS.map((column) => cell(row[column])).join(','))
	];
	const name = bash.title.replace(/[^\w-]+/g, '-').replace(/^-|-$/g, '') || 'bug-bash';
	// The byte-order mark tells spreadsheet programs the file is UTF-8: without it names
	// with accents ("Tomás") arrive garbled.
	return new Response(`\uFEFF${lines.join('\r\n')}\r\n`, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${name}-bugs.csv"`
		}
	});
};
