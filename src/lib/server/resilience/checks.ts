// What the health endpoints report. Every check answers within its deadline whatever
// the dependency does: a locked or unreachable database must not hold a load balancer's
// probe (or the pooled connections behind it) for longer than a second.
import { sql } from 'drizzle-orm';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { currentDatabase, rowsOf, type Database } from '../db/client';
import { migrationsFolder } from '../db/migrate';
import { getIo } from '../realtime';

/** One dependency's state: `message` says what is wrong in a sentence an operator reads. */
export interface Check {
	status: 'ok' | 'unavailable' | 'not_configured';
	message?: string;
}

export interface Report {
	status: 'ok' | 'unavailable';
	checks: Record<string, Check>;
}

/** Long enough for a healthy database under load, short enough for a 1 s probe. */
const DATABASE_DEADLINE_MS = 800;

class Deadline extends Error {}

function within<T>(ms: number, work: Promise<T>): Promise<T> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const late = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Deadline()), ms);
	});
	// The losing query still runs out; its failure is of no further interest.
	work.catch(() => {});
	return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

function failed(err: unknown, what: string, ms: number): Check {
	if (err instanceof Deadline)
		return { status: 'unavailable', message: `${what} did not answer within ${ms} ms` };
	const detail = err instanceof Error ? err.message : String(err);
	return { status: 'unavailable', message: `${what} failed: ${detail}` };
}

/** Runs one question to the database within `ms`: not open yet, late or failing is unavailable. */
async function askDatabase(
	what: string,
	ms: number,
	ask: (db: Database) => Promise<Check>
): Promise<Check> {
	const handle = currentDatabase();
	if (!handle) return { status: 'unavailable', message: 'the database is not open yet' };
	try {
		return await within(ms, ask(handle.db));
	} catch (err) {
		return failed(err, what, ms);
	}
}

/** Whether the database answers a trivial query within `ms`. */
export function checkDatabase(ms = DATABASE_DEADLINE_MS): Promise<Check> {
	return askDatabase('the database', ms, async (db) => {
		await db.execute(sql`select 1`);
		return { status: 'ok' };
	});
}

let journalLength: number | undefined;

/** How many migrations this build ships (read once: the files do not change while running). */
function shippedMigrations(): number {
	journalLength ??= (
		JSON.parse(readFileSync(join(migrationsFolder(), 'meta', '_journal.json'), 'utf8')) as {
			entries: unknown[];
		}
	).entries.length;
	return journalLength;
}

/** Whether every migration this build ships has been applied to the database. */
export function checkMigrations(ms = DATABASE_DEADLINE_MS): Promise<Check> {
	return askDatabase('reading the applied migrations', ms, async (db) => {
		const [row] = await rowsOf<{ applied: number | string }>(
			db,
			sql`select count(*) as applied from drizzle.__drizzle_migrations`
		);
		const missing = shippedMigrations() - Number(row.applied);
		return missing <= 0
			? { status: 'ok' }
			: { status: 'unavailable', message: `${missing} migration(s) not applied yet` };
	});
}

/** Whether this node's Socket.IO reaches the other nodes through Redis (when REDIS_URL is set). */
export function checkRedis(env: NodeJS.ProcessEnv = process.env): Check {
	if (!env.REDIS_URL) return { status: 'not_configured' };
	const io = getIo() as { redisReady?: boolean } | undefined;
	if (io?.redisReady) return { status: 'ok' };
	return {
		status: 'unavailable',
		message: 'not connected to Redis: live updates do not reach the other nodes'
	};
}

function reportOf(checks: Record<string, Check>, deciding: string[]): Report {
	const down = deciding.some((name) => checks[name].status === 'unavailable');
	return { status: down ? 'unavailable' : 'ok', checks };
}

/**
 * `/api/health`: healthy when the database answers (the documented contract: a node
 * whose Redis is away still serves pages). Redis is reported, not decisive.
 */
export async function health(): Promise<Report> {
	const database = await checkDatabase();
	return reportOf({ database, redis: checkRedis() }, ['database']);
}

/** `/readyz`: ready to take traffic when the database answers, is migrated, and Redis (if configured) is connected. */
export async function readiness(): Promise<Report> {
	const [database, migrations] = await Promise.all([checkDatabase(), checkMigrations()]);
	return reportOf({ database, migrations, redis: checkRedis() }, [
		'database',
		'migrations',
		'redis'
	]);
}

/** A probe's HTTP answer: 200 when ok, 503 when not, the report as JSON, never cached. */
export function probeResponse(report: Report): Response {
	return Response.json(report, {
		status: report.status === 'ok' ? 200 : 503,
		headers: { 'cache-control': 'no-store' }
	});
}
