import type { Query, SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { useDb, type Database, type Executor } from './client';

/**
 * A statement every request runs, built and prepared once per database: drizzle then
 * skips rebuilding the SQL, and the server keeps the plan. Per database because tests
 * (and a dev reload) open more than one.
 */
export function preparedPerDatabase<T>(build: (db: Database) => T): () => T {
	const built = new WeakMap<Database, T>();
	return () => {
		const db = useDb();
		let statement = built.get(db);
		if (!statement) built.set(db, (statement = build(db)));
		return statement;
	};
}

/** Builds statement texts once: the same casing both databases are opened with. */
const dialect = new PgDialect({ casing: 'snake_case' });

/**
 * A statement that runs inside whatever transaction (or database) it is given, its SQL
 * built once: `build` names its values with `sql.placeholder`, and each run only fills
 * them in. Drizzle otherwise rebuilds the text of every query it runs, which was half of
 * what an award allocated; for the writes every module makes (a room event, an award).
 */
export function fixedStatement<T>(build: () => SQL) {
	let query: Query | undefined;
	return async (db: Executor, values: Record<string, unknown>): Promise<T[]> => {
		query ??= dialect.sqlToQuery(build());
		const run = db._.session.prepareQuery(query, undefined, undefined, false);
		const result = (await run.execute(values)) as T[] | { rows: T[] };
		return Array.isArray(result) ? result : result.rows;
	};
}
