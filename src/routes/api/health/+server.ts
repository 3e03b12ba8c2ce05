import { json } from '@sveltejs/kit';
import { sql } from 'drizzle-orm';
import { useDb } from '$lib/server/db/client';
import type { RequestHandler } from './$types';

/** For load balancers and orchestrators: 200 when the database answers, 503 when not. */
export const GET: RequestHandler = async () => {
	try {
		await useDb().execute(sql`select 1`);
		return json({ status: 'ok' });
	} catch {
		return json({ status: 'unavailable' }, { status: 503 });
	}
};
