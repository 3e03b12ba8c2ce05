// Durable jobs against the real database: idempotent scheduling, retries with backoff that
// undo a failed attempt's writes, jobs that came due while nothing ran, recurring work,
// and (on PostgreSQL) two nodes racing over the same due jobs.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bashSchema } from '../../src/lib/bugbash/schemas';
import { startBashClock } from '../../src/lib/server/bugbash/clock';
import { registerModules } from '../../src/lib/server/modules';
import { createBash } from '../../src/lib/server/bugbash/service';
import {
	openDatabase,
	rowsOf,
	type Database,
	type DatabaseHandle
} from '../../src/lib/server/db/client';
import { bugBash } from '../../src/lib/server/bugbash/schema';
import { roomEvent } from '../../src/lib/server/realtime/schema';
import {
	cancelJob,
	createJobRunner,
	job,
	registerJobHandler,
	rescheduleJob,
	scheduleJob,
	scheduleRecurringJob,
	type JobRunner
} from '../../src/lib/server/jobs';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { addPerson } from '../helpers/ledger';

let testDb: TestDatabase;
const onPostgres = Boolean(process.env.DATABASE_URL);

/** What the test handlers do: one row per run, so a job that ran twice shows twice. */
async function effectsOf(db: Database, keyPrefix: string) {
	return rowsOf<{ key: string; node: string; note: string | null }>(
		db,
		sql`select key, node, note from job_effect where key like ${keyPrefix + '%'} order by key`
	);
}

async function jobByKey(key: string) {
	const [row] = await testDb.db.select().from(job).where(eq(job.key, key));
	return row;
}

/** Polls `check` until it holds or `ms` pass (then fails with what it last saw). */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, ms = 15_000) {
	const until = Date.now() + ms;
	for (;;) {
		const value = await read();
		if (check(value)) return value;
		if (Date.now() > until) {
			expect(value, 'condition not reached in time').toBe('condition reached');
		}
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

const failuresLeft = new Map<string, number>();

beforeAll(async () => {
	registerModules();
	testDb = await createTestDatabase();
	await testDb.db.execute(sql`create table job_effect (
		key text not null,
		node text not null,
		note text,
		at timestamptz not null default clock_timestamp()
	)`);
	// Records its run with the node that ran it (the payload names the key).
	registerJobHandler('test.effect', async ({ tx, job }) => {
		const { key, note } = job.payload as { key: string; note?: string };
		const node = (job.payload as { node?: string }).node ?? 'one';
		await tx.execute(
			sql`insert into job_effect (key, node, note) values (${key}, ${node}, ${note ?? null})`
		);
	});
	// Writes its effect, then fails as many times as the test asked before succeeding.
	registerJobHandler('test.flaky', async ({ tx, job }) => {
		const { key } = job.payload as { key: string };
		await tx.execute(sql`insert into job_effect (key, node) values (${key}, 'flaky')`);
		const left = failuresLeft.get(key) ?? 0;
		if (left > 0) {
			failuresLeft.set(key, left - 1);
			throw new Error(`refused on purpose (${left} to go)`);
		}
	});
});

afterAll(async () => {
	await testDb?.destroy();
});

describe('scheduling', () => {
	it('runs a job scheduled twice with the same key once, with the first payload', async () => {
		const runner = createJobRunner();
		const payload = (note: string) => ({ key: 'twice', note });
		expect(
			await scheduleJob(testDb.db, { kind: 'test.effect', key: 'twice', payload: payload('a') })
		).toBe(true);
		expect(
			await scheduleJob(testDb.db, { kind: 'test.effect', key: 'twice', payload: payload('b') })
		).toBe(false);
		await runner.runDue();
		await runner.runDue();
		expect(await effectsOf(testDb.db, 'twice')).toEqual([{ key: 'twice', node: 'one', note: 'a' }]);
		const row = await jobByKey('twice');
		expect(row.state).toBe('done');
		expect(row.doneAt).toBeInstanceOf(Date);
		// Scheduling it again after it ran changes nothing either.
		expect(await scheduleJob(testDb.db, { kind: 'test.effect', key: 'twice' })).toBe(false);
		await runner.runDue();
		expect(await effectsOf(testDb.db, 'twice')).toHaveLength(1);
	});

	it('schedules atomically with its cause: a rolled-back transaction leaves no job', async () => {
		await expect(
			testDb.db.transaction(async (tx) => {
				await scheduleJob(tx, { kind: 'test.effect', key: 'rolled-back' });
				throw new Error('the cause failed');
			})
		).rejects.toThrow('the cause failed');
		expect(await jobByKey('rolled-back')).toBeUndefined();
	});

	it('moves a pending job, cancels one, and leaves a job that ran alone', async () => {
		const runner = createJobRunner();
		await scheduleJob(testDb.db, {
			kind: 'test.effect',
			key: 'moved',
			inMs: 3_600_000,
			payload: { key: 'moved' }
		});
		await runner.runDue();
		expect(await effectsOf(testDb.db, 'moved')).toEqual([]);
		expect(
			await rescheduleJob(testDb.db, {
				kind: 'test.effect',
				key: 'moved',
				dueAt: new Date(Date.now() - 1_000),
				payload: { key: 'moved', note: 'moved' }
			})
		).toBe(true);
		await runner.runDue();
		expect(await effectsOf(testDb.db, 'moved')).toEqual([
			{ key: 'moved', node: 'one', note: 'moved' }
		]);
		// Done: a reschedule does not bring it back.
		expect(
			await rescheduleJob(testDb.db, {
				kind: 'test.effect',
				key: 'moved',
				payload: { key: 'moved' }
			})
		).toBe(false);
		await runner.runDue();
		expect(await effectsOf(testDb.db, 'moved')).toHaveLength(1);

		await scheduleJob(testDb.db, { kind: 'test.effect', key: 'cancelled', inMs: 60_000 });
		expect(await cancelJob(testDb.db, 'cancelled')).toBe(true);
		expect(await cancelJob(testDb.db, 'cancelled')).toBe(false);
		expect(await jobByKey('cancelled')).toBeUndefined();
	});
});

describe('failures', () => {
	it('undoes a failed attempt, retries with growing backoff, and runs the effect once', async () => {
		const runner = createJobRunner({ backoffBaseMs: 300, backoffMaxMs: 10_000 });
		failuresLeft.set('flaky', 2);
		await scheduleJob(testDb.db, { kind: 'test.flaky', key: 'flaky', payload: { key: 'flaky' } });

		const waits: number[] = [];
		for (const attempt of [1, 2]) {
			await eventually(
				() => runner.runDue().then(() => jobByKey('flaky')),
				(row) => row.attempts === attempt
			);
			const [{ wait }] = await rowsOf<{ wait: number }>(
				testDb.db,
				sql`select extract(epoch from (due_at - now())) * 1000 as wait from job where key = 'flaky'`
			);
			waits.push(Number(wait));
			const row = await jobByKey('flaky');
			expect(row.state).toBe('pending');
			expect(row.lastError).toMatch(/refused on purpose/);
			// The failed attempt's insert was rolled back with it.
			expect(await effectsOf(testDb.db, 'flaky')).toEqual([]);
		}
		// Pushed back 300 ms after the first failure and 600 ms after the second, counted from
		// the failure: never more, and still ahead when looked at (how far ahead depends on how
		// busy the machine is, so no lower bound is asserted).
		expect(waits[0]).toBeGreaterThan(0);
		expect(waits[0]).toBeLessThanOrEqual(300);
		expect(waits[1]).toBeLessThanOrEqual(600);

		const done = await eventually(
			() => runner.runDue().then(() => jobByKey('flaky')),
			(row) => row.state === 'done'
		);
		expect(done.attempts).toBe(3);
		expect(done.lastError).toBeNull();
		expect(await effectsOf(testDb.db, 'flaky')).toHaveLength(1);
	});

	it('gives a job up as dead after its last attempt', async () => {
		const runner = createJobRunner({ backoffBaseMs: 1, backoffMaxMs: 1 });
		failuresLeft.set('hopeless', 99);
		await scheduleJob(testDb.db, {
			kind: 'test.flaky',
			key: 'hopeless',
			payload: { key: 'hopeless' },
			maxAttempts: 3
		});
		const dead = await eventually(
			() => runner.runDue().then(() => jobByKey('hopeless')),
			(row) => row.state === 'dead'
		);
		expect(dead.attempts).toBe(3);
		expect(dead.lastError).toMatch(/refused on purpose/);
		expect(await effectsOf(testDb.db, 'hopeless')).toEqual([]);
		// A dead job is not claimed again.
		await new Promise((resolve) => setTimeout(resolve, 20));
		await runner.runDue();
		expect((await jobByKey('hopeless')).attempts).toBe(3);
	});

	it('keeps ticking when the database is gone: a failed tick is logged, never thrown', async () => {
		const gone: DatabaseHandle = await openDatabase(
			onPostgres
				? { url: testDb.url, dataDir: '', poolSize: 1 }
				: { dataDir: 'memory://', poolSize: 1 }
		);
		await gone.close();
		const runner = createJobRunner({ db: gone.db, tickMs: 10 });
		await expect(runner.runDue()).resolves.toBe(0);
		runner.start();
		await new Promise((resolve) => setTimeout(resolve, 100));
		await runner.stop();
	});
});

describe('the runner', () => {
	it('runs jobs that came due while no runner ran as soon as one starts', async () => {
		await scheduleJob(testDb.db, {
			kind: 'test.effect',
			key: 'overdue',
			dueAt: new Date(Date.now() - 10 * 60_000),
			payload: { key: 'overdue' }
		});
		await scheduleJob(testDb.db, {
			kind: 'test.effect',
			key: 'overdue-soon',
			inMs: 300,
			payload: { key: 'overdue-soon' }
		});
		const runner = createJobRunner({ tickMs: 50 });
		runner.start();
		try {
			const effects = await eventually(
				() => effectsOf(testDb.db, 'overdue'),
				(rows) => rows.length >= 2
			);
			expect(effects.map((e) => e.key)).toEqual(['overdue', 'overdue-soon']);
		} finally {
			await runner.stop();
		}
	});

	it('runs recurring work again and again on one job row', async () => {
		await scheduleRecurringJob(testDb.db, {
			kind: 'test.effect',
			key: 'every-100ms',
			everyMs: 100,
			payload: { key: 'every-100ms' }
		});
		const runner = createJobRunner({ tickMs: 20 });
		runner.start();
		try {
			await eventually(
				() => effectsOf(testDb.db, 'every-100ms'),
				(rows) => rows.length >= 3
			);
		} finally {
			await runner.stop();
		}
		const row = await jobByKey('every-100ms');
		expect(row.state).toBe('pending');
		expect(row.everyMs).toBe(100);
		// Scheduling it again at start-up neither duplicates nor moves it.
		await scheduleRecurringJob(testDb.db, {
			kind: 'test.effect',
			key: 'every-100ms',
			everyMs: 100,
			payload: { key: 'every-100ms' }
		});
		expect((await jobByKey('every-100ms')).dueAt).toEqual(row.dueAt);
		await testDb.db.delete(job).where(eq(job.key, 'every-100ms'));
	});

	it('prunes finished jobs after a week, keeping newer and dead ones', async () => {
		const old = new Date(Date.now() - 8 * 86_400_000);
		await testDb.db.insert(job).values([
			{ kind: 'test.effect', key: 'old-done', state: 'done', doneAt: old },
			{ kind: 'test.effect', key: 'old-dead', state: 'dead', doneAt: old },
			{ kind: 'test.effect', key: 'new-done', state: 'done', doneAt: new Date() }
		]);
		await scheduleJob(testDb.db, { kind: 'jobs.prune', key: 'prune-now' });
		await createJobRunner().runDue();
		expect(await jobByKey('old-done')).toBeUndefined();
		expect((await jobByKey('old-dead')).state).toBe('dead');
		expect((await jobByKey('new-done')).state).toBe('done');
	});

	it('moves a bug bash on its time through the bash clock job', async () => {
		const organiser = await addPerson(testDb, 'Clock Organiser');
		const bashId = await createBash(
			organiser,
			bashSchema.parse({
				title: 'Runner bash',
				feature: 'Timers',
				startsAt: new Date(Date.now() + 500),
				endsAt: new Date(Date.now() + 60_000)
			})
		);
		await startBashClock(200);
		const runner = createJobRunner({ tickMs: 50 });
		runner.start();
		try {
			await eventually(
				() => testDb.db.select().from(bugBash).where(eq(bugBash.id, bashId)),
				([row]) => row.state === 'live'
			);
		} finally {
			await runner.stop();
		}
		const events = await testDb.db
			.select()
			.from(roomEvent)
			.where(eq(roomEvent.room, `bugbash:${bashId}`));
		expect(events.map((e) => e.type)).toEqual(['bash.started']);
		await testDb.db.delete(job).where(eq(job.key, 'bugbash.clock'));
	});
});

describe('many due jobs', () => {
	it(
		onPostgres
			? 'two nodes racing over 300 due jobs run each exactly once'
			: 'one node runs 300 due jobs exactly once',
		async () => {
			const total = 300;
			// On PostgreSQL each "node" has its own connection pool and its own runner.
			const nodes: { name: string; handle?: DatabaseHandle; db: Database }[] = onPostgres
				? await Promise.all(
						['node-a', 'node-b'].map(async (name) => {
							const handle = await openDatabase({ url: testDb.url, dataDir: '', poolSize: 4 });
							return { name, handle, db: handle.db };
						})
					)
				: [{ name: 'node-a', db: testDb.db }];
			registerJobHandler('test.race', async ({ tx, job }) => {
				const { key } = job.payload as { key: string };
				await tx.execute(sql`insert into job_effect (key, node) values (${key}, 'race')`);
			});
			const runners: JobRunner[] = nodes.map((node) =>
				createJobRunner({ db: node.db, name: node.name, concurrency: 2 })
			);
			await testDb.db.transaction(async (tx) => {
				for (let i = 0; i < total; i++) {
					await scheduleJob(tx, {
						kind: 'test.race',
						key: `race-${String(i).padStart(3, '0')}`,
						payload: { key: `race-${String(i).padStart(3, '0')}` },
						// Spread over 1.5 s: some due at once, most arriving while the runners run.
						inMs: (i % 150) * 10
					});
				}
			});
			for (const runner of runners) runner.start();
			try {
				await eventually(
					() => effectsOf(testDb.db, 'race-'),
					(rows) => rows.length >= total,
					60_000
				);
				// Let any double run that was about to happen happen.
				await new Promise((resolve) => setTimeout(resolve, 500));
			} finally {
				await Promise.all(runners.map((runner) => runner.stop()));
				await Promise.all(nodes.map((node) => node.handle?.close()));
			}
			const effects = await effectsOf(testDb.db, 'race-');
			expect(effects).toHaveLength(total);
			expect(new Set(effects.map((e) => e.key)).size).toBe(total);
			const [{ pending }] = await rowsOf<{ pending: number }>(
				testDb.db,
				sql`select count(*)::int as pending from job where kind = 'test.race' and state <> 'done'`
			);
			expect(pending).toBe(0);

			const ranBy = runners.map((runner) => runner.stats().ran);
			expect(ranBy.reduce((a, b) => a + b, 0)).toBe(total);
			// Both nodes really took part in the race. (Lateness is a figure, measured by
			// tests/load/jobs.load.ts, not asserted here.)
			for (const ran of ranBy) expect(ran).toBeGreaterThan(0);
		},
		90_000
	);
});
