// A bounded HTTP load generator for page benchmarks: keep-alive GETs against a server on
// 127.0.0.1, either as fast as a fixed number of users can go (closed loop: throughput)
// or at a fixed rate whatever the answers' speed (open loop: latency at a given load).
// node:http rather than fetch: no decoding of the body we only check, and an agent
// whose socket cap bounds the connections either loop can open.
import { Agent, request } from 'node:http';
import { onSchedule } from './measure';

export interface PageTarget {
	url: string;
	headers: Record<string, string>;
	/** Whether an answer is what a user would see (status and a marker in the page). */
	accept(status: number, body: Buffer): boolean;
}

export interface LoadRun {
	/** Request start → last byte of the body, ms, for accepted answers. */
	times: number[];
	/** Answers that were refused by `accept`, or requests that failed. */
	failures: number;
	failure?: string;
	/** Requests still waiting when the run's deadline cut them off: an overloaded server. */
	unanswered: number;
	bytes: number;
	elapsedMs: number;
}

/** A safety net for one request; runs cut off what is left at their own deadline. */
const REQUEST_TIMEOUT_MS = 60_000;

/** One GET over `agent`, answering its status and whole body. */
export function get(
	url: string,
	headers: Record<string, string>,
	agent: Agent,
	signal?: AbortSignal
): Promise<{ status: number; body: Buffer }> {
	return new Promise((resolve, reject) => {
		const req = request(url, { agent, headers, signal }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
			res.on('error', reject);
		});
		req.setTimeout(REQUEST_TIMEOUT_MS, () =>
			req.destroy(new Error(`no answer in ${REQUEST_TIMEOUT_MS} ms`))
		);
		req.on('error', reject);
		req.end();
	});
}

function newRun(): LoadRun {
	return { times: [], failures: 0, unanswered: 0, bytes: 0, elapsedMs: 0 };
}

/** Requests once and files the outcome in `run`; never rejects. */
async function timedGet(
	target: PageTarget,
	agent: Agent,
	run: LoadRun,
	deadline?: AbortSignal
): Promise<void> {
	const t0 = performance.now();
	try {
		const { status, body } = await get(target.url, target.headers, agent, deadline);
		const ms = performance.now() - t0;
		if (target.accept(status, body)) {
			run.times.push(ms);
			run.bytes += body.length;
		} else {
			run.failures++;
			run.failure ??= `status ${status}: ${body.subarray(0, 200).toString()}`;
		}
	} catch (err) {
		if (deadline?.aborted) {
			run.unanswered++;
			return;
		}
		run.failures++;
		run.failure ??= String(err);
	}
}

/** Aborts what is still waiting `ms` from now; call the answer to stand down. */
function deadlineIn(ms: number) {
	const controller = new AbortController();
	const timer = setTimeout(() => controller.abort(), ms);
	return { signal: controller.signal, clear: () => clearTimeout(timer) };
}

/** `users` loops, each requesting again as soon as its answer is in, for `durationMs`. */
export async function closedLoop(
	target: PageTarget,
	users: number,
	durationMs: number
): Promise<LoadRun> {
	const agent = new Agent({ keepAlive: true, maxSockets: users });
	const run = newRun();
	const started = performance.now();
	const end = started + durationMs;
	const user = async () => {
		while (performance.now() < end) await timedGet(target, agent, run);
	};
	await Promise.all(Array.from({ length: users }, user));
	run.elapsedMs = performance.now() - started;
	agent.destroy();
	return run;
}

/**
 * `perSecond` requests a second for `durationMs`, started on schedule however long the
 * answers take; at most `maxSockets` connections, beyond which requests wait their turn
 * in the agent (and that wait counts in their time, as it would for a browser). What is
 * unanswered `graceMs` after the last start is cut off, so an overloaded server ends the
 * run on time instead of working through its backlog.
 */
export async function openLoop(
	target: PageTarget,
	perSecond: number,
	durationMs: number,
	{ maxSockets = 256, graceMs = 10_000 } = {}
): Promise<LoadRun & { lags: number[]; issuedMs: number }> {
	const agent = new Agent({ keepAlive: true, maxSockets });
	const run = newRun();
	const count = Math.round((perSecond * durationMs) / 1000);
	const deadline = deadlineIn(durationMs + graceMs);
	const schedule = await onSchedule(count, perSecond, () =>
		timedGet(target, agent, run, deadline.signal)
	);
	deadline.clear();
	agent.destroy();
	return {
		...run,
		elapsedMs: schedule.settledMs,
		lags: schedule.lags,
		issuedMs: schedule.issuedMs
	};
}

/**
 * `count` requests at the same instant, each on its own connection, like `count` browsers;
 * what is unanswered after `deadlineMs` is cut off.
 */
export async function burst(
	target: PageTarget,
	count: number,
	deadlineMs = 30_000
): Promise<LoadRun> {
	const agent = new Agent({ keepAlive: false, maxSockets: count });
	const run = newRun();
	const deadline = deadlineIn(deadlineMs);
	const started = performance.now();
	await Promise.all(
		Array.from({ length: count }, () => timedGet(target, agent, run, deadline.signal))
	);
	deadline.clear();
	run.elapsedMs = performance.now() - started;
	agent.destroy();
	return run;
}
