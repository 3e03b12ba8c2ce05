// Production entry: `npm start` (serve) and `npm run seed` (seed a database, then exit).
// Plain Node, so it cannot import $lib: it talks to the app through globalThis hooks.
import cluster from 'node:cluster';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveClusterMetrics, offerClusterMetrics } from './cluster-metrics.js';
import { compressResponses } from './compress.js';
import { containDriverFaults } from './driver-fault.js';
import { runQuietly } from './quiet-build.js';
import { attachSocketServer, closeSocketServer } from './socket-server.js';
import { processLogger } from '../lib/server/logger.js';

const log = processLogger().child({ module: 'tandem' });

/** Meeting points with the app code (see src/lib/server/lifecycle.ts). */
const shared = /** @type {Record<symbol, any>} */ (/** @type {unknown} */ (globalThis));

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const seedOnly = process.argv.includes('--seed');

process.env.PORT ||= '3000';
// Form posts are checked against ORIGIN; plain http://localhost must work out of the box.
process.env.ORIGIN ||= `http://localhost:${process.env.PORT}`;
// Bug reports carry up to 5 attachments of 5 MB each; adapter-node's default is 512 KB.
process.env.BODY_SIZE_LIMIT ||= '27M';
if (seedOnly) process.env.TANDEM_SEED = 'force';

/** Newest modification time of anything that goes into the build. */
function newestSource() {
	let newest = 0;
	/** @param {string} path */
	const visit = (path) => {
		const info = statSync(path);
		if (info.isDirectory()) {
			for (const entry of readdirSync(path)) visit(join(path, entry));
		} else {
			newest = Math.max(newest, info.mtimeMs);
		}
	};
	for (const item of [
		'src',
		'static',
		'drizzle',
		'package.json',
		'svelte.config.js',
		'vite.config.ts'
	]) {
		const path = join(root, item);
		if (existsSync(path)) visit(path);
	}
	return newest;
}

async function buildIfNeeded() {
	const handlerFile = join(root, 'build', 'handler.js');
	const vite = join(root, 'node_modules', '.bin', 'vite');
	// An installation that ships only its build (the container image copies no sources and
	// no svelte.config.js) has nothing to compare with or rebuild from.
	if (existsSync(handlerFile) && !existsSync(join(root, 'svelte.config.js'))) return;
	if (existsSync(handlerFile) && statSync(handlerFile).mtimeMs >= newestSource()) return;
	const built = await runQuietly(vite, ['build', '--logLevel', 'warn'], {
		cwd: root,
		label: '[tandem] building the app (first start or sources changed)…'
	});
	if (!built) process.exit(1);
}

async function runShutdownHooks() {
	const hooks = shared[Symbol.for('tandem.shutdownHooks')];
	if (!hooks) return;
	for (const [name, hook] of hooks) {
		try {
			await hook();
		} catch (err) {
			log.error({ err, hook: name }, `shutdown step ${name} failed`);
		}
	}
	hooks.clear();
}

/** A configuration the server cannot start with: said in one line, without a stack. */
class ConfigurationError extends Error {}

/**
 * How many processes serve: WORKERS (a number, or `auto` for one per core), default 1.
 * @returns {number}
 */
function workerCount() {
	const raw = process.env.WORKERS?.trim();
	if (!raw) return 1;
	if (raw === 'auto') return availableParallelism();
	const count = Number(raw);
	if (!Number.isInteger(count) || count < 1 || count > 64) {
		throw new ConfigurationError(
			`WORKERS must be a whole number from 1 to 64, or "auto" (got "${raw}")`
		);
	}
	return count;
}

/**
 * Several worker processes share the port (the primary hands connections out in turn),
 * so one host uses all its cores. Each worker is a full app node: it needs the shared
 * PostgreSQL and Redis exactly as nodes on separate hosts do.
 * @param {number} count
 */
async function servePrimary(count) {
	const missing = ['DATABASE_URL', 'REDIS_URL'].filter((key) => !process.env[key]);
	if (missing.length > 0) {
		throw new ConfigurationError(
			`WORKERS=${process.env.WORKERS} needs ${missing.join(' and ')}: the embedded database ` +
				'serves one process, and live updates reach every worker through Redis'
		);
	}
	await buildIfNeeded();
	// Workers run this file, whatever script imported it (the e2e server does).
	cluster.setupPrimary({ exec: fileURLToPath(import.meta.url), args: [] });
	let stopping = false;
	/** Set once any worker listened: from then on the app has served and is kept serving. */
	let served = false;
	/** When each live worker started listening, to tell a crash loop from a one-off crash. */
	const listeningSince = new Map();
	let crashes = 0;
	cluster.on('listening', (worker) => {
		listeningSince.set(worker.id, Date.now());
		if (!served && listeningSince.size === count) {
			served = true;
			log.info(
				`listening on ${process.env.ORIGIN} (bound to ${process.env.HOST || '0.0.0.0'}:` +
					`${process.env.PORT}, ${count} workers)`
			);
		}
	});
	cluster.on('exit', (worker, code, signal) => {
		const since = listeningSince.get(worker.id);
		listeningSince.delete(worker.id);
		if (stopping || code === 0) return;
		// Before the app ever served, a failing worker means a configuration or build that
		// will not start however often it is tried: say so and stop.
		if (!served) {
			stop('a worker failed to start (see its messages above)', 1);
			return;
		}
		// Afterwards a worker is always replaced, even one that cannot start while the
		// database is down: with a growing pause (0.25 s doubling up to 5 s), so a crash loop
		// does not spin, reset once a worker has stayed up for half a minute.
		if (since && Date.now() - since > 30_000) crashes = 0;
		const delay = Math.min(250 * 2 ** crashes, 5_000);
		crashes++;
		log.error(
			`worker ${worker.process.pid} exited (${signal ?? code}); starting another in ${delay} ms`
		);
		setTimeout(() => stopping || cluster.fork(), delay);
	});
	serveClusterMetrics();
	for (let i = 0; i < count; i++) cluster.fork();

	/**
	 * @param {string} reason
	 * @param {number} [exitCode]
	 */
	function stop(reason, exitCode = 0) {
		if (stopping) return;
		stopping = true;
		log.info(`${reason}: stopping the workers…`);
		const workers = Object.values(cluster.workers ?? {});
		const stopped = workers.map(
			(worker) => new Promise((resolve) => worker?.once('exit', resolve) ?? resolve(undefined))
		);
		for (const worker of workers) worker?.process.kill('SIGTERM');
		void Promise.all(stopped)
			.then(runShutdownHooks)
			.then(() => {
				if (exitCode === 0) log.info('stopped cleanly');
				process.exit(exitCode);
			});
	}
	process.on('SIGTERM', () => stop('SIGTERM'));
	process.on('SIGINT', () => stop('SIGINT'));
}

async function main() {
	containDriverFaults();
	const workers = seedOnly ? 1 : workerCount();
	if (cluster.isPrimary && workers > 1) {
		await servePrimary(workers);
		return;
	}
	if (cluster.isWorker) offerClusterMetrics();
	// A worker's primary has built the app already.
	if (cluster.isPrimary) await buildIfNeeded();
	// The build's instrumentation (OpenTelemetry when configured) goes before any app code.
	const instrumentation = join(root, 'build', 'instrumentation.server.js');
	if (existsSync(instrumentation)) await import(instrumentation);
	// Importing the handler runs the app's init hook: migrations, demo seed, database pool.
	const { handler } = await import(join(root, 'build', 'handler.js'));

	if (seedOnly) {
		await runShutdownHooks();
		return;
	}

	const server = createServer(compressResponses(handler));
	// Socket.IO wraps the http server's listeners, so it is attached after the handler.
	await attachSocketServer(server, { websocketOnly: cluster.isWorker });
	// Static files and Socket.IO's polling answers never reach the app's hooks: they get
	// the headers every answer carries here (the hooks set them, and more, for the rest).
	server.prependListener('request', (_req, res) => {
		res.setHeader('x-content-type-options', 'nosniff');
		res.setHeader('x-frame-options', 'DENY');
		res.setHeader('referrer-policy', 'strict-origin-when-cross-origin');
	});

	const host = process.env.HOST || '0.0.0.0';
	server.listen(Number(process.env.PORT), host, () => {
		// Workers are announced together by the primary.
		if (cluster.isWorker) return;
		log.info(`listening on ${process.env.ORIGIN} (bound to ${host}:${process.env.PORT})`);
	});

	let stopping = false;
	/** @param {string} signal */
	const stop = async (signal) => {
		if (stopping) return;
		stopping = true;
		log.info(`${signal}: closing…`);
		// Disconnect sockets and stop accepting; let in-flight requests finish briefly.
		const closed = closeSocketServer();
		server.closeIdleConnections();
		const force = setTimeout(() => server.closeAllConnections(), 5_000);
		await closed;
		clearTimeout(force);
		await runShutdownHooks();
		log.info('stopped cleanly');
		process.exit(0);
	};
	process.on('SIGTERM', () => stop('SIGTERM'));
	process.on('SIGINT', () => stop('SIGINT'));
}

try {
	await main();
} catch (err) {
	// A database that cannot be reached (yet) is said in one line: no stack helps there.
	const unreachable = /^(ECONNREFUSED|ETIMEDOUT|CONNECT_TIMEOUT|57P03)$/.test(
		/** @type {{ code?: string }} */ (err)?.code ?? ''
	);
	if (err instanceof ConfigurationError || unreachable) {
		log.fatal(`failed to start: ${/** @type {Error} */ (err).message}`);
	} else {
		log.fatal({ err }, 'failed to start');
	}
	process.exit(1);
}
