// Server configuration read from the environment. Plain process.env (not $env) so the
// same modules load in SvelteKit, vitest and the command-line seed.

export interface DatabaseConfig {
	/** postgres:// URL; when absent the embedded PGlite database is used. */
	url?: string;
	/** Folder for PGlite's files; `memory://` keeps it in memory. */
	dataDir: string;
	poolSize: number;
	/** PostgreSQL only: the longest one statement may run (DATABASE_STATEMENT_TIMEOUT_MS). */
	statementTimeoutMs?: number;
	/** PostgreSQL only: the longest a statement waits for a lock (DATABASE_LOCK_TIMEOUT_MS). */
	lockTimeoutMs?: number;
	/** PostgreSQL only: the longest a query waits for a pooled connection (DATABASE_ACQUIRE_TIMEOUT_MS). */
	acquireTimeoutMs?: number;
}

export function databaseConfig(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
	return {
		url: env.DATABASE_URL || undefined,
		dataDir: env.DATA_DIR || './data',
		poolSize: positiveInt(env.DATABASE_POOL_SIZE, 10),
		// A locked table or a stuck query fails the request with a clear message instead of
		// holding it (and a pooled connection) without end.
		statementTimeoutMs: positiveInt(env.DATABASE_STATEMENT_TIMEOUT_MS, 10_000),
		lockTimeoutMs: positiveInt(env.DATABASE_LOCK_TIMEOUT_MS, 5_000),
		acquireTimeoutMs: positiveInt(env.DATABASE_ACQUIRE_TIMEOUT_MS, 5_000)
	};
}

/**
 * Demo data goes into an empty embedded database unless SEED_DEMO=false, and into a
 * DATABASE_URL database only when `npm run seed` asks for it (TANDEM_SEED=force).
 */
export function shouldSeedDemo(env: NodeJS.ProcessEnv = process.env): boolean {
	if (env.TANDEM_SEED === 'force') return true;
	return !env.DATABASE_URL && env.SEED_DEMO !== 'false';
}

export interface MailConfig {
	/** smtp:// or smtps:// URL of the outgoing mail server; absent: emails are kept, not sent. */
	smtpUrl?: string;
	/** The From of every email, e.g. `Tandem <tandem@example.com>`. */
	from: string;
}

/** Outgoing email settings; nothing set is a valid configuration (mail is kept for admins). */
export function mailConfig(env: NodeJS.ProcessEnv = process.env): MailConfig {
	return {
		smtpUrl: env.SMTP_URL?.trim() || undefined,
		from: env.MAIL_FROM?.trim() || 'Tandem <tandem@localhost>'
	};
}

function positiveInt(value: string | undefined, fallback: number): number {
	const n = Number(value);
	return Number.isInteger(n) && n > 0 ? n : fallback;
}
