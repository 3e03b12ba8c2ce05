import { error } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import { METRICS_CONTENT_TYPE, processMetrics, scrapeAllowed } from '$lib/server/metrics';
import type { RequestHandler } from './$types';

const CLUSTER_METRICS = Symbol.for('tandem.clusterMetrics');

/**
 * Prometheus scrape. Without METRICS_TOKEN, or without its bearer token, the address does
 * not exist (404): nobody learns that metrics are there. With several workers the answer
 * covers them all.
 */
export const GET: RequestHandler = async ({ request }) => {
	if (!scrapeAllowed(request.headers.get('authorization'), env.METRICS_TOKEN)) {
		error(404, 'Not Found');
	}
	const cluster = (globalThis as unknown as Record<symbol, (() => Promise<string>) | undefined>)[
		CLUSTER_METRICS
	];
	const text = cluster ? await cluster() : await processMetrics();
	return new Response(text, {
		headers: { 'content-type': METRICS_CONTENT_TYPE, 'cache-control': 'no-store' }
	});
};
