// The production server for page benchmarks: `node src/cli/start.js` (adapter-node's
// handler plus Socket.IO, exactly what `npm start` runs) on 127.0.0.1 and a free port, in
// its own process so its CPU and memory are its own. start.js builds the app first only
// when build/ is missing or older than the sources, and says so.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';

export interface BuiltApp {
	url: string;
	pid: number;
	/** Whether start.js had to build the app first. */
	built: boolean;
	stop(): Promise<void>;
}

/** Building on two busy cores can take a while; starting alone takes seconds. */
const START_TIMEOUT_MS = 240_000;
const running = new Set<ChildProcess>();

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address();
			probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
		});
	});
}

function stopChild(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
	return new Promise((resolve) => {
		// start.js closes sockets and the database on SIGTERM; a stuck one is killed.
		const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
		child.once('exit', () => {
			clearTimeout(force);
			resolve();
		});
		child.kill('SIGTERM');
	});
}

/**
 * Starts the built app with `env` naming its database (DATA_DIR or DATABASE_URL); no
 * demo data, no Redis. Resolves once it listens. Its output is echoed with a prefix.
 * `port` restarts an app where its clients expect it; a free port otherwise.
 */
export async function startBuiltApp(
	env: Record<string, string>,
	port?: number,
	/** Another checkout of the app to run (an A/B benchmark's other side); this one by default. */
	cwd?: string
): Promise<BuiltApp> {
	port ??= await freePort();
	const inherited = { ...process.env };
	// The database and the adapter are the benchmark's choice, not the shell's.
	for (const key of ['DATABASE_URL', 'DATA_DIR', 'REDIS_URL', 'SEED_DEMO', 'TANDEM_SEED'])
		delete inherited[key];
	const child = spawn(process.execPath, ['src/cli/start.js'], {
		env: {
			...inherited,
			NODE_ENV: 'production',
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: `http://127.0.0.1:${port}`,
			SEED_DEMO: 'false',
			// TANDEM_BENCH_PROFILE=<folder>: the app writes a V8 CPU profile there on exit.
			...(process.env.TANDEM_BENCH_PROFILE
				? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.TANDEM_BENCH_PROFILE}` }
				: {}),
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe'],
		cwd
	});
	running.add(child);
	child.once('exit', () => running.delete(child));
	createInterface({ input: child.stderr! }).on('line', (line) => console.error(`  [app] ${line}`));

	let built = false;
	const listening = new Promise<void>((resolve, reject) => {
		const timer = setTimeout(
			() => reject(new Error(`the app did not start in ${START_TIMEOUT_MS / 1000} s`)),
			START_TIMEOUT_MS
		);
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`the app exited with ${code} before listening`));
		});
		createInterface({ input: child.stdout! }).on('line', (line) => {
			console.log(`  [app] ${line}`);
			if (line.includes('building the app')) built = true;
			if (line.includes('listening on')) {
				clearTimeout(timer);
				resolve();
			}
		});
	});
	try {
		await listening;
	} catch (err) {
		await stopChild(child);
		throw err;
	}
	return {
		url: `http://127.0.0.1:${port}`,
		pid: child.pid!,
		built,
		stop: () => stopChild(child)
	};
}

/** Stops apps a failed benchmark left running. */
export async function stopBuiltApps(): Promise<void> {
	await Promise.all([...running].map(stopChild));
}
