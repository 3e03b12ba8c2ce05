import { json } from '@sveltejs/kit';
import { readiness } from '$lib/server/resilience';
import type { RequestHandler } from './$types';

/** Readiness: 200 when the database answers and is migrated and Redis (if configured) is connected; 503 naming what is not. */
export const GET: RequestHandler = async () => {
	const report = await readiness();
	return json(report, {
		status: report.status === 'ok' ? 200 : 503,
		headers: { 'cache-control': 'no-store' }
	});
};
