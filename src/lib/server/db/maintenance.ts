// Upkeep the embedded database needs and does not do by itself. PostgreSQL's autovacuum
// keeps each table's statistics fresh and reclaims dead rows; PGlite runs Postgres in
// single-user mode, where no autovacuum runs and the activity counters it would read stay
// at zero. Without statistics the planner guesses: the socket handshake's session lookup
// scanned every person instead of using their key. So every few minutes each table that
// grew by a fifth since its last VACUUM (autovacuum's default threshold, counted in pages
// since the counters are missing) is vacuumed and analysed.
import { sql } from 'drizzle-orm';
import { onShutdown } from '../lifecycle';
import { logFor } from '../log';
import { rowsOf, type DatabaseHandle, type Executor } from './client';

const log = logFor('db');

const EVERY_MS = 5 * 60_000;
/** Due past this growth since the last VACUUM: a fifth of its pages and a few more. */
const GROWTH = 1.2;
const SLACK_PAGES = 8;

/**
 * The tables due for upkeep: holding data but never vacuumed or analysed (a fresh
 * database, a new table), or grown past the threshold since. Schema-qualified, quoted
 * where a name needs it.
 */
export async function tablesDueForUpkeep(db: Executor): Promise<string[]> {
	const rows = await rowsOf<{ name: string }>(
		db,
		sql`select format('%I.%I', n.nspname, c.relname) as name
			from pg_class c join pg_namespace n on n.oid = c.relnamespace
			where c.relkind = 'r'
				and n.nspname not in ('pg_catalog', 'information_schema')
				and pg_relation_size(c.oid) / current_setting('block_size')::int >
					case when c.reltuples < 0 then 0 else c.relpages * ${GROWTH}::float8 + ${SLACK_PAGES}::int end
			order by 1`
	);
	return rows.map((row) => row.name);
}

/** Vacuums and analyses each table due; answers the ones it did. */
export async function upkeepDatabase(db: Executor): Promise<string[]> {
	const due = await tablesDueForUpkeep(db);
	// One table at a time: on PGlite each blocks every other statement while it runs.
	for (const table of due) await db.execute(sql.raw(`vacuum (analyze) ${table}`));
	return due;
}

/**
 * On the embedded database: upkeep now (a database opened for the first time has no
 * statistics at all) and every five minutes, until the answer is called or the app
 * stops. PostgreSQL does its own.
 */
export function startEmbeddedUpkeep(handle: DatabaseHandle): () => Promise<void> {
	if (handle.driver !== 'pglite') return async () => {};
	let running: Promise<void> | undefined;
	const run = async () => {
		const started = performance.now();
		try {
			const done = await upkeepDatabase(handle.db);
			if (done.length > 0) {
				const ms = Math.round(performance.now() - started);
				log.info({ tables: done.length, ms }, 'embedded database: tables vacuumed and analysed');
			}
		} catch (err) {
			log.warn({ err }, 'embedded database upkeep failed; it runs again in five minutes');
		} finally {
			running = undefined;
		}
	};
	running = run();
	const timer = setInterval(() => void (running ??= run()), EVERY_MS);
	timer.unref();
	const stop = async () => {
		clearInterval(timer);
		await running;
	};
	// Before the database closes: stop, and let a VACUUM under way finish.
	onShutdown('embedded database upkeep', stop, { first: true });
	return stop;
}
