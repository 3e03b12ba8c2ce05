// The fault suite's own PostgreSQL cluster and Redis server, on free ports in temporary
// folders: the suite stops, restarts and locks them, so it never uses the shared ones.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address();
			probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
		});
	});
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Debian's PostgreSQL binaries (newest version), or PG_BIN. */
function postgresBin(): string | undefined {
	if (process.env.PG_BIN) return process.env.PG_BIN;
	const base = '/usr/lib/postgresql';
	if (!existsSync(base)) return undefined;
	const versions = readdirSync(base)
		.filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return versions[0] ? join(base, versions[0], 'bin') : undefined;
}

/** What the suite needs that may be missing on a developer's machine, or undefined. */
export function missingTools(): string | undefined {
	if (!postgresBin()) return 'PostgreSQL server binaries (Debian: apt-get install postgresql)';
	if (spawnSync('redis-server', ['--version']).status !== 0)
		return 'redis-server (Debian: apt-get install redis-server)';
	return undefined;
}

/** initdb refuses to run as root: as root, the cluster belongs to the `postgres` user. */
function asClusterOwner(command: string[]): string[] {
	return process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--', ...command] : command;
}

function run(command: string[]): void {
	const result = spawnSync(command[0], command.slice(1), { encoding: 'utf8' });
	if (result.status !== 0)
		throw new Error(`${command.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
}

export interface PostgresServer {
	/** postgres:// URL of the `postgres` database, user postgres, trust authentication. */
	url: string;
	port: number;
	stop(): void;
	start(): void;
	/** Stops the cluster and deletes its folder. */
	destroy(): void;
}

/** A fresh PostgreSQL cluster in a temporary folder, listening on 127.0.0.1 only. */
export async function startPostgres(): Promise<PostgresServer> {
	const bin = postgresBin();
	if (!bin) throw new Error('no PostgreSQL server binaries found');
	const port = await freePort();
	const dir = mkdtempSync(join(tmpdir(), 'tandem-fault-pg-'));
	// The cluster owner (postgres when we are root) writes here; nothing secret lives in it.
	chmodSync(dir, 0o777);
	const data = join(dir, 'data');
	run(
		asClusterOwner([
			join(bin, 'initdb'),
			'-D',
			data,
			'-U',
			'postgres',
			'--auth=trust',
			'-E',
			'UTF8',
			'--no-sync'
		])
	);
	const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60`;
	const pgCtl = (...args: string[]) =>
		run(asClusterOwner([join(bin, 'pg_ctl'), '-D', data, ...args]));
	const start = () => pgCtl('-o', options, '-l', join(dir, 'server.log'), '-w', 'start');
	const stop = () => pgCtl('-m', 'fast', '-w', 'stop');
	start();
	return {
		url: `postgres://postgres@127.0.0.1:${port}/postgres`,
		port,
		start,
		stop,
		destroy() {
			try {
				pgCtl('-m', 'immediate', '-w', 'stop');
			} catch {
				// Already stopped.
			}
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

export interface RedisServer {
	url: string;
	stop(): Promise<void>;
	start(): Promise<void>;
}

/** redis-server on a free port, without persistence; `stop`/`start` take it away and back. */
export async function startRedis(): Promise<RedisServer> {
	const port = await freePort();
	let child: ChildProcess | undefined;
	const start = async () => {
		child = spawn(
			'redis-server',
			['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
			{ stdio: 'ignore' }
		);
		for (let i = 0; i < 50; i++) {
			const ping = spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' });
			if (ping.stdout.trim() === 'PONG') return;
			await sleep(100);
		}
		throw new Error('redis-server did not start');
	};
	const stop = async () => {
		const running = child;
		if (!running || running.exitCode !== null) return;
		await new Promise((resolve) => {
			running.once('exit', resolve);
			running.kill('SIGKILL');
		});
	};
	await start();
	return { url: `redis://127.0.0.1:${port}`, start, stop };
}
