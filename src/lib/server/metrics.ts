// Prometheus metrics for operators (GET /metrics, behind METRICS_TOKEN). One registry per
// process; with WORKERS > 1 the worker that answers a scrape asks the primary, which adds
// up every worker's registry (prom-client's cluster aggregator, see src/cli/start.js).
import client from 'prom-client';
import { timingSafeEqual } from 'node:crypto';

const STARTED = Symbol.for('tandem.metrics');
const store = globalThis as unknown as Record<symbol, Metrics | undefined>;

/** Figures read when scraped (sockets, queues) rather than counted as they happen. */
export interface Gauges {
	sockets(): { connections: number; rooms: number };
	jobs(): Promise<{ due: number; oldestDueSeconds: number }>;
	outboxBacklog(): Promise<number>;
}
const gauges: Partial<Gauges> = {};

function createMetrics() {
	const registry = client.register;
	client.collectDefaultMetrics({ register: registry, prefix: 'tandem_' });
	const aggregator = { aggregator: 'sum' as const };
	return {
		httpDuration: new client.Histogram({
			name: 'tandem_http_request_duration_seconds',
			help: 'Time to answer an HTTP request, by route, method and status.',
			labelNames: ['route', 'method', 'status'],
			buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
		}),
		eventsRecorded: new client.Counter({
			name: 'tandem_room_events_recorded_total',
			help: 'Room events stored in the durable event log, by module.',
			labelNames: ['module'],
			...aggregator
		}),
		eventsBroadcast: new client.Counter({
			name: 'tandem_room_events_broadcast_total',
			help: 'Room events handed to Socket.IO after their transaction committed, by module.',
			labelNames: ['module'],
			...aggregator
		}),
		catchUps: new client.Counter({
			name: 'tandem_catch_up_requests_total',
			help: 'Joins and resyncs that read the room event log, by kind.',
			labelNames: ['kind'],
			...aggregator
		}),
		jobRuns: new client.Counter({
			name: 'tandem_job_runs_total',
			help: 'Job attempts, by kind and outcome (ran, failed).',
			labelNames: ['kind', 'outcome'],
			...aggregator
		}),
		jobLateness: new client.Histogram({
			name: 'tandem_job_lateness_seconds',
			help: 'How long after its due time a job was claimed.',
			labelNames: ['kind'],
			buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60, 300]
		}),
		databaseUnavailable: new client.Counter({
			name: 'tandem_database_unavailable_total',
			help: 'Requests and commands that failed because the database was away, locked or too slow.',
			...aggregator
		}),
		unexpectedErrors: new client.Counter({
			name: 'tandem_unexpected_errors_total',
			help: 'Failures that are bugs (answered 500 or a failed ack), logged with their stack.',
			...aggregator
		}),
		transactionsInFlight: new client.Gauge({
			name: 'tandem_database_transactions_in_flight',
			help: 'Transactions holding or waiting for a pooled connection.',
			aggregator: 'sum'
		}),
		socketConnections: new client.Gauge({
			name: 'tandem_socket_connections',
			help: 'Socket.IO connections open on this process.',
			aggregator: 'sum',
			collect() {
				this.set(gauges.sockets?.().connections ?? 0);
			}
		}),
		socketRooms: new client.Gauge({
			name: 'tandem_socket_rooms',
			help: 'Socket.IO rooms with at least one member on this process.',
			aggregator: 'sum',
			collect() {
				this.set(gauges.sockets?.().rooms ?? 0);
			}
		}),
		// Read from the shared database: every worker sees the same figure, so the cluster
		// answer takes one worker's value rather than adding them up.
		jobsDue: new client.Gauge({
			name: 'tandem_jobs_due',
			help: 'Jobs whose due time has passed and that no node has run yet.',
			aggregator: 'max',
			async collect() {
				this.set((await gaugeOrZero(() => gauges.jobs?.()))?.due ?? 0);
			}
		}),
		jobsOldestDue: new client.Gauge({
			name: 'tandem_jobs_oldest_due_seconds',
			help: 'How long the oldest due job has been waiting.',
			aggregator: 'max',
			async collect() {
				this.set((await gaugeOrZero(() => gauges.jobs?.()))?.oldestDueSeconds ?? 0);
			}
		}),
		outboxBacklog: new client.Gauge({
			name: 'tandem_outbox_backlog',
			help: 'Emails and chat messages waiting to be delivered.',
			aggregator: 'max',
			async collect() {
				this.set((await gaugeOrZero(() => gauges.outboxBacklog?.())) ?? 0);
			}
		})
	};
}

/** A gauge read that fails (the database is away) reports nothing new rather than failing the scrape. */
async function gaugeOrZero<T>(read: () => Promise<T> | undefined): Promise<T | undefined> {
	try {
		return await read();
	} catch {
		return undefined;
	}
}

export type Metrics = ReturnType<typeof createMetrics>;

/** The process's metrics, created once (a hot reload keeps the registered ones). */
export const metrics: Metrics = (store[STARTED] ??= createMetrics());

/** Lets the platform parts that own sockets, jobs and the outbox report their figures. */
export function provideGauges(provided: Partial<Gauges>): void {
	Object.assign(gauges, provided);
}

/** The module part of a room name (`bugbash:7` → `bugbash`). */
export function moduleOfRoom(room: string): string {
	return room.split(':', 1)[0];
}

/** This process's metrics in the Prometheus text format. */
export function processMetrics(): Promise<string> {
	return client.register.metrics();
}

export const METRICS_CONTENT_TYPE = client.register.contentType;

/**
 * Whether a scrape may read the metrics: only when METRICS_TOKEN is set, and only with
 * `Authorization: Bearer <token>`, compared in constant time.
 */
export function scrapeAllowed(authorization: string | null, token: string | undefined): boolean {
	if (!token) return false;
	const match = /^Bearer (.+)$/.exec(authorization ?? '');
	if (!match) return false;
	const given = Buffer.from(match[1]);
	const wanted = Buffer.from(token);
	return given.length === wanted.length && timingSafeEqual(given, wanted);
}
