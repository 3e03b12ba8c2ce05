// The built app as `npm start` runs it (src/cli/start.js), against the suite's own
// database and Redis, with everything it prints kept for the assertions.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { freePort } from './services';

export interface RunningApp {
	url: string;
	/** Every line the app printed, stdout and stderr. */
	lines: string[];
	/** The top process (the cluster primary with WORKERS > 1). */
	pid: number;
	/** Whether the top process is still running. */
	alive(): boolean;
	stop(): Promise<void>;
}

const START_TIMEOUT_MS = 240_000;

/** Applies the migrations and adds the demo workspace (`npm run seed`). */
export function seedDatabase(databaseUrl: string): void {
	const result = spawnSync(process.execPath, ['src/cli/start.js', '--seed'], {
		env: { ...process.env, DATABASE_URL: databaseUrl, REDIS_URL: '', WORKERS: '1' },
		encoding: 'utf8',
		timeout: START_TIMEOUT_MS
	});
	if (result.status !== 0) throw new Error(`seeding failed:\n${result.stdout}\n${result.stderr}`);
}

/** Starts the app and resolves once it listens. */
export async function startApp(env: Record<string, string>): Promise<RunningApp> {
	const port = await freePort();
	const inherited = { ...process.env };
	for (const key of ['DATABASE_URL', 'DATA_DIR', 'REDIS_URL', 'WORKERS', 'TANDEM_SEED'])
		delete inherited[key];
	const child: ChildProcess = spawn(process.execPath, ['src/cli/start.js'], {
		env: {
			...inherited,
			NODE_ENV: 'production',
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: `http://127.0.0.1:${port}`,
			SEED_DEMO: 'false',
			REDIS_PREFIX: `tandem-fault-${port}`,
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	const lines: string[] = [];
	const listening = new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('the app did not start')), START_TIMEOUT_MS);
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`the app exited with ${code} before listening:\n${lines.join('\n')}`));
		});
		for (const stream of [child.stdout!, child.stderr!]) {
			createInterface({ input: stream }).on('line', (line) => {
				lines.push(line);
				if (process.env.FAULT_VERBOSE) console.log(`  [app] ${line}`);
				if (line.includes('listening on')) {
					clearTimeout(timer);
					resolve();
				}
			});
		}
	});
	await listening;
	return {
		url: `http://127.0.0.1:${port}`,
		pid: child.pid!,
		lines,
		alive: () => child.exitCode === null && child.signalCode === null,
		stop: () =>
			new Promise((resolve) => {
				if (child.exitCode !== null || child.signalCode !== null) return resolve();
				const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
				child.once('exit', () => {
					clearTimeout(force);
					resolve();
				});
				child.kill('SIGTERM');
			})
	};
}

/** Lines saying a process of the app exited or crashed (the primary reports its workers). */
export function exitsIn(lines: string[]): string[] {
	return lines.filter((line) =>
		/worker \d+ exited|Uncaught exception|Unhandled rejection|failed to start/.test(line)
	);
}

/** The worker processes of a cluster primary. */
export function workersOf(pid: number): number[] {
	const result = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' });
	return result.stdout.split('\n').filter(Boolean).map(Number);
}
