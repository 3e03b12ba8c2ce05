import { health, probeResponse } from '$lib/server/resilience';
import type { RequestHandler } from './$types';

/**
 * For load balancers: 200 `{"status":"ok"}` when the database answers, 503
 * `{"status":"unavailable"}` when not, within a second either way; `checks` says which
 * dependency is unhealthy (Redis is reported but does not fail it).
 */
export const GET: RequestHandler = async () => probeResponse(await health());
