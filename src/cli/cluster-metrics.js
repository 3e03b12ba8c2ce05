// With WORKERS > 1, a scrape of /metrics reaches one worker, but the operator wants the
// whole app: that worker asks the primary, which gathers every worker's registry through
// prom-client's cluster aggregator and sends the sum back.
import cluster from 'node:cluster';
import client from 'prom-client';

const ASK = 'tandem:metrics?';
const ANSWER = 'tandem:metrics';
const ANSWER_TIMEOUT_MS = 5_000;

/** Primary side: answers workers' requests with the cluster's aggregated metrics. */
export function serveClusterMetrics() {
	const aggregator = new client.AggregatorRegistry();
	cluster.on('message', (worker, message) => {
		if (message?.type !== ASK) return;
		aggregator.clusterMetrics().then(
			(text) => worker.send({ type: ANSWER, id: message.id, text }),
			(err) => worker.send({ type: ANSWER, id: message.id, error: String(err?.message ?? err) })
		);
	});
}

/**
 * Worker side: answers the primary's collection requests (prom-client listens once an
 * aggregator exists) and offers the app a function for the whole cluster's metrics.
 */
export function offerClusterMetrics() {
	new client.AggregatorRegistry();
	let next = 0;
	/** @type {Map<number, { resolve: (text: string) => void, reject: (err: Error) => void }>} */
	const waiting = new Map();
	process.on('message', (/** @type {any} */ message) => {
		if (message?.type !== ANSWER) return;
		const pending = waiting.get(message.id);
		if (!pending) return;
		waiting.delete(message.id);
		if (message.error) pending.reject(new Error(message.error));
		else pending.resolve(message.text);
	});
	const shared = /** @type {Record<symbol, unknown>} */ (/** @type {unknown} */ (globalThis));
	shared[Symbol.for('tandem.clusterMetrics')] = () =>
		new Promise((resolve, reject) => {
			const id = ++next;
			const timer = setTimeout(() => {
				waiting.delete(id);
				reject(new Error('the primary did not answer with the cluster metrics'));
			}, ANSWER_TIMEOUT_MS);
			waiting.set(id, {
				resolve: (text) => (clearTimeout(timer), resolve(text)),
				reject: (err) => (clearTimeout(timer), reject(err))
			});
			process.send?.({ type: ASK, id });
		});
}
