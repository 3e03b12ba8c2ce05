import { useDb, type Database } from './client';

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
