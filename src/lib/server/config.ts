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

/** Where recordings and uploaded videos are kept: S3 when all four S3 settings are given. */
export interface S3Config {
	endpoint: string;
	bucket: string;
	accessKeyId: string;
	secretAccessKey: string;
	region: string;
}

export interface MediaConfig {
	/** The largest upload accepted (MEDIA_MAX_BYTES; 8 GiB unless set). */
	maxBytes: number;
	/** Folder for uploads when no S3 store is configured (DATA_DIR/media). */
	directory: string;
	s3?: S3Config;
	/** MEDIA_FFMPEG=off skips ffmpeg even when it is installed. */
	useFfmpeg: boolean;
}

export function mediaConfig(env: NodeJS.ProcessEnv = process.env): MediaConfig {
	const s3 = {
		endpoint: env.S3_ENDPOINT?.trim() ?? '',
		bucket: env.S3_BUCKET?.trim() ?? '',
		accessKeyId: env.S3_ACCESS_KEY_ID?.trim() ?? '',
		secretAccessKey: env.S3_SECRET_ACCESS_KEY?.trim() ?? '',
		region: env.S3_REGION?.trim() || 'us-east-1'
	};
	const dataDir = env.DATA_DIR || './data';
	return {
		maxBytes: positiveInt(env.MEDIA_MAX_BYTES, 8 * 1024 ** 3),
		directory: env.MEDIA_DIR || `${dataDir === 'memory://' ? './data' : dataDir}/media`,
		s3: s3.endpoint && s3.bucket && s3.accessKeyId && s3.secretAccessKey ? s3 : undefined,
		useFfmpeg: env.MEDIA_FFMPEG !== 'off'
	};
}
