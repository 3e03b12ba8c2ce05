// Structured logging for the app: one JSON line per event (readable lines in a terminal),
// LOG_LEVEL to choose how much, and credentials redacted wherever they appear.
import type { Logger } from 'pino';
import { processLogger } from './logger.js';

export type { Logger };
export { prettyLine, REDACTED_KEYS } from './logger.js';

/** The process's logger. */
export const log: Logger = processLogger();

/** A logger whose lines name the part of Tandem that wrote them (`module: 'jobs'`). */
export function logFor(module: string): Logger {
	return log.child({ module });
}
