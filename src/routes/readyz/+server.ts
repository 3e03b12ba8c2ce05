import { probeResponse, readiness } from '$lib/server/resilience';
import type { RequestHandler } from './$types';

/** Readiness: 200 when the database answers and is migrated and Redis (if configured) is connected; 503 naming what is not. */
export const GET: RequestHandler = async () => probeResponse(await readiness());
