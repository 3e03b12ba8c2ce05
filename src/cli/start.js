// Production entry: `npm start` (serve) and `npm run seed` (seed a database, then exit).
// Plain Node, so it cannot import $lib: it talks to the app through globalThis hooks.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { attachSocketServer, closeSocketServer } from './socket-server.js';

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

function buildIfNeeded() {
	const handlerFile = join(root, 'build', 'handler.js');
	if (existsSync(handlerFile) && statSync(handlerFile).mtimeMs >= newestSource()) return;
	console.log('[tandem] building the app (first start or sources changed)…');
	const vite = join(root, 'node_modules', '.bin', 'vite');
	const result = spawnSync(vite, ['build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
	if (result.status !== 0) {
		console.error('[tandem] build failed; see the messages above.');
		process.exit(result.status ?? 1);
	}
}

async function runShutdownHooks() {
	const hooks = shared[Symbol.for('tandem.shutdownHooks')];
	if (!hooks) return;
	for (const [name, hook] of hooks) {
		try {
			await hook();
		} catch (err) {
			console.error(`[shutdown] ${name} failed:`, err);
		}
	}
	hooks.clear();
}

async function main() {
	buildIfNeeded();
	// Importing the handler runs the app's init hook: migrations, demo seed, database pool.
	const { handler } = await import(join(root, 'build', 'handler.js'));

	if (seedOnly) {
		await runShutdownHooks();
		return;
	}

	const server = createServer(handler);
	// Socket.IO wraps the http server's listeners, so it is attached after the handler.
	await attachSocketServer(server);

	const host = process.env.HOST || '0.0.0.0';
	server.listen(Number(process.env.PORT), host, () => {
		console.log(
			`[tandem] listening on ${process.env.ORIGIN} (bound to ${host}:${process.env.PORT})`
		);
	});

	let stopping = false;
	/** @param {string} signal */
	const stop = async (signal) => {
		if (stopping) return;
		stopping = true;
		console.log(`[tandem] ${signal}: closing…`);
		// Disconnect sockets and stop accepting; let in-flight requests finish briefly.
		const closed = closeSocketServer();
		server.closeIdleConnections();
		const force = setTimeout(() => server.closeAllConnections(), 5_000);
		await closed;
		clearTimeout(force);
		await runShutdownHooks();
		console.log('[tandem] stopped cleanly');
		process.exit(0);
	};
	process.on('SIGTERM', () => stop('SIGTERM'));
	process.on('SIGINT', () => stop('SIGINT'));
}

try {
	await main();
} catch (err) {
	console.error('[tandem] failed to start:', err);
	process.exit(1);
}
