// Real timeouts on a real database: a locked table, a slow statement and a full pool fail
// fast and are recognised as an outage; the driver's stray write after a lost connection
// does not end the process; the health answers say which dependency is unhealthy.
import { spawnSync } from 'node:child_process';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	checkDatabase,
	checkMigrations,
	health,
	isDatabaseUnavailable,
	openResilientPool,
	readiness,
	type ResilientPool
} from '../../src/lib/server/resilience';
import { rowsOf } from '../../src/lib/server/db/client';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

let database: TestDatabase;

beforeAll(async () => {
	database = await createTestDatabase();
});

afterAll(async () => {
	await database.destroy();
});

describe('health answers', () => {
	test('a database that answers and is migrated is healthy and ready; Redis unset is not configured', async () => {
		expect(await checkDatabase()).toEqual({ status: 'ok' });
		expect(await checkMigrations()).toEqual({ status: 'ok' });
		// CI sets REDIS_URL for the multi-node tests: this case is about a node without it.
		const saved = process.env.REDIS_URL;
		delete process.env.REDIS_URL;
		try {
			const report = await health();
			expect(report).toEqual({
				status: 'ok',
				checks: { database: { status: 'ok' }, redis: { status: 'not_configured' } }
			});
		} finally {
			if (saved !== undefined) process.env.REDIS_URL = saved;
		}
	});

	test('ready needs every migration this build ships: 503 counting the missing ones', async () => {
		const journal = sql`drizzle.__drizzle_migrations`;
		const [last] = await rowsOf<{ id: number; hash: string; created_at: string }>(
			database.db,
			sql`select id, hash, created_at from ${journal} order by id desc limit 1`
		);
		await database.db.execute(sql`delete from ${journal} where id = ${last.id}`);
		try {
			expect(await checkMigrations()).toEqual({
				status: 'unavailable',
				message: '1 migration(s) not applied yet'
			});
			const report = await readiness();
			expect(report.status).toBe('unavailable');
			expect(report.checks.migrations.status).toBe('unavailable');
		} finally {
			await database.db.execute(
				sql`insert into ${journal} (id, hash, created_at) values (${last.id}, ${last.hash}, ${last.created_at})`
			);
		}
		expect(await checkMigrations()).toEqual({ status: 'ok' });
	});

	test('ready needs Redis when REDIS_URL names one: 503 naming it', async () => {
		const saved = process.env.REDIS_URL;
		process.env.REDIS_URL = 'redis://127.0.0.1:1';
		try {
			const report = await readiness();
			expect(report.status).toBe('unavailable');
			expect(report.checks.database.status).toBe('ok');
			expect(report.checks.redis.status).toBe('unavailable');
			// Health keeps its contract: the database answers, so it is healthy.
			expect((await health()).status).toBe('ok');
		} finally {
			if (saved === undefined) delete process.env.REDIS_URL;
			else process.env.REDIS_URL = saved;
		}
	});
});

const url = process.env.DATABASE_URL;

describe.skipIf(!url)('timeouts on PostgreSQL', () => {
	let pool: ResilientPool;
	let other: postgres.Sql;

	beforeAll(() => {
		pool = openResilientPool({
			url: database.url!,
			max: 1,
			statementTimeoutMs: 400,
			lockTimeoutMs: 300,
			acquireTimeoutMs: 300
		});
		other = postgres(database.url!, { max: 1, onnotice: () => {} });
	});

	afterAll(async () => {
		await pool.end();
		await other.end();
	});

	async function failure(work: () => Promise<unknown>): Promise<{ err: unknown; ms: number }> {
		const started = Date.now();
		try {
			await work();
		} catch (err) {
			return { err, ms: Date.now() - started };
		}
		throw new Error('expected a failure');
	}

	test('a statement waiting on a locked table fails after the lock timeout', async () => {
		await other`create table if not exists fault_probe (id int)`;
		const holding = other.begin(async (tx) => {
			await tx`lock table fault_probe in access exclusive mode`;
			await new Promise((r) => setTimeout(r, 1_500));
		});
		await new Promise((r) => setTimeout(r, 100));
		const { err, ms } = await failure(() => pool.client.unsafe('select * from fault_probe'));
		expect((err as { code?: string }).code).toBe('55P03');
		expect(isDatabaseUnavailable(err)).toBe(true);
		expect(ms).toBeLessThan(1_200);
		await holding;
	});

	test('a statement running longer than the statement timeout is cancelled', async () => {
		const { err, ms } = await failure(() => pool.client.unsafe('select pg_sleep(3)'));
		expect((err as { code?: string }).code).toBe('57014');
		expect(isDatabaseUnavailable(err)).toBe(true);
		expect(ms).toBeLessThan(1_500);
	});

	test('waiting for a pooled connection ends after the acquire timeout; an abandoned transaction never runs', async () => {
		await other`create table if not exists fault_writes (note text)`;
		let release!: () => void;
		const busy = pool.client.begin(async (tx) => {
			await tx`select 1`;
			await new Promise<void>((r) => (release = r));
		});
		await new Promise((r) => setTimeout(r, 50));
		const query = await failure(() => pool.client.unsafe('select 1'));
		expect((query.err as { code?: string }).code).toBe('ACQUIRE_TIMEOUT');
		expect(query.ms).toBeLessThan(1_000);
		const write = await failure(() =>
			pool.client.begin((tx) => tx`insert into fault_writes values ('abandoned')`)
		);
		expect(isDatabaseUnavailable(write.err)).toBe(true);
		release();
		await busy;
		// The connection is free again: the queries after it work, and the abandoned
		// transaction did not write once the connection came free.
		await new Promise((r) => setTimeout(r, 200));
		expect(await pool.client.unsafe('select 1 as one')).toEqual([{ one: 1 }]);
		expect(await other`select count(*)::int as n from fault_writes`).toEqual([{ n: 0 }]);
	});

	test('the driver’s stray write after a lost connection: the process carries on with a fresh pool', () => {
		// A transaction's connection is terminated while it runs; its next statement makes
		// postgres.js write to the closed socket from a setImmediate (the upstream bug).
		const script = `
			import { containDriverFaults } from './src/cli/driver-fault.js';
			import { openResilientPool } from './src/lib/server/db/pool.ts';
			import postgres from 'postgres';
			containDriverFaults({ log: (m) => console.log(m) });
			const pool = openResilientPool({ url: process.env.URL, max: 2, statementTimeoutMs: 5000, lockTimeoutMs: 5000, acquireTimeoutMs: 5000 });
			globalThis[Symbol.for('tandem.resetDatabasePool')] = () => { console.log('reset'); pool.reset(); };
			const admin = postgres(process.env.URL, { max: 1, onnotice() {} });
			try {
				await pool.client.begin(async (tx) => {
					const [{ pid }] = await tx\`select pg_backend_pid() as pid\`;
					await admin\`select pg_terminate_backend(\${pid})\`;
					await new Promise((r) => setTimeout(r, 300));
					await tx\`select 1\`;
				});
			} catch (err) { console.log('transaction failed:', err.code); }
			await new Promise((r) => setTimeout(r, 500));
			const [row] = await pool.client.unsafe('select 1 as one');
			console.log('serving:', row.one);
			await admin.end(); await pool.end();
		`;
		const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
			env: { ...process.env, URL: database.url },
			encoding: 'utf8',
			timeout: 20_000
		});
		expect(run.stderr).not.toContain('Uncaught exception');
		expect(run.stdout).toContain('transaction failed: CONNECTION_CLOSED');
		expect(run.stdout).toContain('resetting the pool');
		expect(run.stdout).toContain('reset');
		expect(run.stdout).toContain('serving: 1');
		expect(run.status).toBe(0);
	});

	test('any other uncaught exception still ends the process', () => {
		const script = `
			import { containDriverFaults } from './src/cli/driver-fault.js';
			containDriverFaults();
			setImmediate(() => { throw new TypeError("Cannot read properties of null (reading 'write')"); });
			setTimeout(() => console.log('still running'), 500);
		`;
		const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
			encoding: 'utf8',
			timeout: 10_000
		});
		expect(run.status).toBe(1);
		expect(run.stdout).not.toContain('still running');
	});
});
