import { requirePerson } from '$lib/server/auth';
import { customersCsv } from '$lib/server/customers';
import type { RequestHandler } from './$types';

/** Every customer as a CSV file, in the columns the import reads back. */
export const GET: RequestHandler = async (event) => {
	requirePerson(event);
	return new Response(await customersCsv(), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': 'attachment; filename="customers.csv"'
		}
	});
};
