// What a benchmark costs the machine: CPU of the server, of the load's own process and of
// the PostgreSQL backends; the server's memory and (when it is this process) event-loop
// delay. Read from /proc, so a server in a child process is measured the same way as
// this one. Shared by the benchmarks so their resource tables mean the same thing.
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { rowsOf, type DatabaseHandle } from '../../src/lib/server/db/client';

/** CPU ms a process has used, from /proc (100 ticks/s); 0 once it is gone. */
export function cpuMsOf(pid: number): number {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return (Number(fields[11]) + Number(fields[12])) * 10;
	} catch {
		return 0; // gone since
	}
}

/** A process and its descendants (a primary's workers), from /proc. */
export function processTree(pid: number): number[] {
	let children: number[] = [];
	try {
		children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
			.split(' ')
			.filter((id) => id.trim() !== '')
			.map(Number);
	} catch {
		// gone since
	}
	return [pid, ...children.flatMap(processTree)];
}

/** Resident memory of a process in bytes, from /proc (0 once it is gone). */
export function rssOf(pid: number): number {
	try {
		const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return match ? Number(match[1]) * 1024 : 0;
	} catch {
		return 0;
	}
}

/** The database's backends when PostgreSQL runs on this machine (PGlite: none, in-process). */
export async function databaseBackends(handle: DatabaseHandle): Promise<number[]> {
	if (handle.driver !== 'postgres') return [];
	const rows = await rowsOf<{ pid: number }>(
		handle.db,
		sql`select pid from pg_stat_activity where datname = current_database()`
	);
	const local = (pid: number) => {
		try {
			return readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('postgres');
		} catch {
			return false; // the server is elsewhere: its pids are not ours to read
		}
	};
	return rows.map((r) => Number(r.pid)).filter(local);
}

/** CPU ms used since the watch began by processes that may appear meanwhile (from 0). */
export function cpuOfProcesses(pids: number[]) {
	const before = new Map(pids.map((pid) => [pid, cpuMsOf(pid)]));
	return (later: number[]) =>
		[...new Set([...pids, ...later])].reduce(
			(sum, pid) => sum + cpuMsOf(pid) - (before.get(pid) ?? 0),
			0
		);
}

const LOOP_TICK_MS = 10;
/** Node's histogram holds whole tick intervals: the delay is what exceeds the tick (ns → ms). */
const lateBy = (ns: number) => Math.max(0, ns / 1e6 - LOOP_TICK_MS);

/** How late this process's event loop ran: what every socket and query here waits behind. */
function watchEventLoop() {
	const loop = monitorEventLoopDelay({ resolution: LOOP_TICK_MS });
	loop.enable();
	return () => {
		loop.disable();
		return {
			p50: lateBy(loop.percentile(50)),
			p99: lateBy(loop.percentile(99)),
			max: lateBy(loop.max)
		};
	};
}

interface MemorySample {
	rss: number;
	/** Only known for this process. */
	heapUsed: number | null;
}

function memoryOf(pid: number): MemorySample {
	if (pid !== process.pid) {
		const rss = processTree(pid).reduce((sum, id) => sum + rssOf(id), 0);
		return { rss, heapUsed: null };
	}
	const m = process.memoryUsage();
	return { rss: m.rss, heapUsed: m.heapUsed };
}

/** RSS (and heap) before and after, and their peaks sampled every 100 ms in between. */
function watchMemory(pid: number) {
	const before = memoryOf(pid);
	const peak = { ...before };
	const sampler = setInterval(() => {
		const m = memoryOf(pid);
		peak.rss = Math.max(peak.rss, m.rss);
		if (m.heapUsed !== null) peak.heapUsed = Math.max(peak.heapUsed ?? 0, m.heapUsed);
	}, 100);
	return () => {
		clearInterval(sampler);
		return { before, after: memoryOf(pid), peak };
	};
}

export interface Watched {
	/** The process serving the load: this one or a child (a built app). */
	serverPid: number;
	/** The process generating the load (socket clients, HTTP requests), not counted. */
	clientsPid: number;
	/** The database, for its PostgreSQL backends' CPU. */
	database: DatabaseHandle;
}

/** CPU as % of one core: the server's, the clients' and the database's (PostgreSQL only). */
async function watchCpu({ serverPid, clientsPid, database }: Watched) {
	const backends = cpuOfProcesses(await databaseBackends(database));
	// A built app in worker processes counts the primary and every worker; this process's
	// own children are load generators, not server.
	const server = cpuOfProcesses(serverPid === process.pid ? [serverPid] : processTree(serverPid));
	const clients = cpuOfProcesses([clientsPid]);
	const started = performance.now();
	return async () => {
		const share = (ms: number) => (ms / (performance.now() - started)) * 100;
		return {
			server: share(server([])),
			clients: share(clients([])),
			// Backends that connected meanwhile (a child server's pool) count from zero.
			database:
				database.driver === 'postgres' ? share(backends(await databaseBackends(database))) : null
		};
	};
}

/** Starts every watch; the returned function stops them and answers the figures. */
export async function watchResources(watched: Watched) {
	const loop = watched.serverPid === process.pid ? watchEventLoop() : null;
	const memory = watchMemory(watched.serverPid);
	const cpu = await watchCpu(watched);
	return async () => ({ cpu: await cpu(), memory: memory(), loop: loop?.() ?? null });
}

export type Resources = Awaited<ReturnType<Awaited<ReturnType<typeof watchResources>>>>;

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(0)} MB`;
const percent = (value: number | null) =>
	value === null ? '— (in the server process)' : `${value.toFixed(1)} %`;

/** The resource table; `where` says which process the server is. */
export function printResources({ cpu, memory, loop }: Resources, where: string): void {
	const ms = (v: number) => `${v.toFixed(1)} ms`;
	const span = (key: 'rss' | 'heapUsed') =>
		memory.before[key] === null
			? '— (another process)'
			: `${mb(memory.before[key])} → ${mb(memory.after[key] ?? 0)} (${mb(memory.peak[key] ?? 0)})`;
	console.table([
		{ figure: `server CPU (${where}), % of one core`, value: percent(cpu.server) },
		{ figure: 'load generator CPU (not counted)', value: percent(cpu.clients) },
		{ figure: 'PostgreSQL backends CPU (not counted)', value: percent(cpu.database) },
		{ figure: 'server RSS before → after (peak)', value: span('rss') },
		{ figure: 'server heap used before → after (peak)', value: span('heapUsed') },
		{
			figure: 'server event-loop delay p50 / p99 / max',
			value: loop ? `${ms(loop.p50)} / ${ms(loop.p99)} / ${ms(loop.max)}` : '— (another process)'
		}
	]);
}

/**
 * Waits until processes (a server and its database's backends) have together used under
 * `percent` of a core for a whole `windowMs`, or `maxMs` have passed: a server or database
 * still working through requests a client gave up on would slow the next measurement.
 * Answers how long it waited.
 */
export async function waitUntilIdle(
	pids: number[],
	{ percent = 15, windowMs = 500, maxMs = 60_000 } = {}
): Promise<number> {
	const started = performance.now();
	while (performance.now() - started < maxMs) {
		const used = cpuOfProcesses(pids);
		await new Promise((resolve) => setTimeout(resolve, windowMs));
		if ((used([]) / windowMs) * 100 < percent) break;
	}
	return performance.now() - started;
}
