// Which failures mean "the database is away" (restarting, unreachable, locked or too
// slow) rather than a bug: those are answered 503 with a plain sentence and the app
// carries on; anything else stays a 500 and is logged as a bug.
import type { SocketError } from '$lib/realtime/contract';
import { logFor } from '../log';
import { metrics } from '../metrics';

const log = logFor('tandem');

/** What a person sees while the database cannot be reached. */
export const DATABASE_UNAVAILABLE =
	"Tandem can't reach its database right now — try again in a moment.";

/** Machine-readable code carried by JSON errors and socket acks for the same case. */
export const DATABASE_UNAVAILABLE_CODE = 'database_unavailable';

/** Socket and driver codes of a connection that could not be made or was lost. */
const CONNECTION_CODES = new Set([
	'ECONNREFUSED',
	'ECONNRESET',
	'EPIPE',
	'ETIMEDOUT',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'EAI_AGAIN',
	// postgres.js's own
	'CONNECTION_CLOSED',
	'CONNECTION_ENDED',
	'CONNECTION_DESTROYED',
	'CONNECT_TIMEOUT',
	// ours: no pooled connection came free in time (db/pool.ts)
	'ACQUIRE_TIMEOUT'
]);

/**
 * SQLSTATEs of a server going away or refusing work for now: 57P01 admin shutdown,
 * 57P02 crash shutdown, 57P03 starting up, 57014 statement timeout (or cancelled),
 * 55P03 lock timeout, 53300 too many connections; class 08 is "connection exception".
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '57014', '55P03', '53300']);

function codeOf(err: object): string | undefined {
	const code = (err as { code?: unknown }).code;
	return typeof code === 'string' ? code : undefined;
}

function isUnavailableCode(code: string | undefined): boolean {
	if (!code) return false;
	return (
		CONNECTION_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code)
	);
}

/** The code that made `err` an outage (`ECONNREFUSED`, `57P01`, …), for the log line. */
export function outageCode(err: unknown, depth = 0): string | undefined {
	if (!err || typeof err !== 'object' || depth > 6) return undefined;
	const code = codeOf(err);
	if (isUnavailableCode(code)) return code;
	const nested = (err as { errors?: unknown }).errors;
	if (Array.isArray(nested)) {
		for (const inner of nested) {
			const found = outageCode(inner, depth + 1);
			if (found) return found;
		}
	}
	return outageCode((err as { cause?: unknown }).cause, depth + 1);
}

/**
 * Whether `err` (or what caused it: drizzle wraps driver errors, Node wraps several
 * refused addresses in an AggregateError) says the database is unreachable, restarting,
 * locked past the lock timeout or slower than the statement timeout.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
	return outageCode(err) !== undefined;
}

let lastReport = 0;
let unreported = 0;

/**
 * Logs a request that failed because the database is away: one line without a stack,
 * at most every 2 s (an outage under load fails hundreds of requests a second).
 */
export function reportDatabaseOutage(err: unknown, where: string): void {
	metrics.databaseUnavailable.inc();
	const now = Date.now();
	if (now - lastReport < 2_000) {
		unreported++;
		return;
	}
	const more = unreported > 0 ? ` (and ${unreported} more since the last report)` : '';
	log.error({ code: outageCode(err) ?? 'unknown', where }, `database unavailable: ${where}${more}`);
	lastReport = now;
	unreported = 0;
}

/** Logs a failure: a database outage in one throttled line, anything else as the bug it is. */
export function reportFailure(err: unknown, where: string): void {
	if (isDatabaseUnavailable(err)) reportDatabaseOutage(err, where);
	else {
		metrics.unexpectedErrors.inc();
		log.error({ err, where }, `${where} failed`);
	}
}

/**
 * The typed socket answer for a failure that is not the person's doing, logged:
 * `unavailable` while the database is away (the client may retry), `failed` for a bug.
 */
export function failureAck(err: unknown, where: string): SocketError {
	reportFailure(err, where);
	if (isDatabaseUnavailable(err))
		return { ok: false, code: 'unavailable', message: DATABASE_UNAVAILABLE };
	return {
		ok: false,
		code: 'failed',
		message: 'Something went wrong on our side. Please try again.'
	};
}
