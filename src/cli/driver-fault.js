// Containment for a postgres.js 3.4 bug. When the server closes a connection while a
// transaction still has a statement to send (a PostgreSQL restart mid-request), the driver
// schedules a write on the closed socket from a setImmediate and throws
// `TypeError: Cannot read properties of null (reading 'write')` there: an uncaught
// exception that no try/catch around the query can see, and that ends a Node process.
// Upstream fixes are unmerged, so instead of patching the package (a patch that every
// `npm ci` must re-apply) we recognise exactly that error at process level, replace the
// pool's connections (the connection that threw is left in a broken state) and carry on.
// The request whose transaction it was has already been answered: the driver rejected it
// with CONNECTION_CLOSED before the stray write. Any other uncaught exception still ends
// the process, as Node does by default, and a supervisor (the cluster primary or the
// process manager) starts it again.

import { processLogger } from '../lib/server/logger.js';

const logger = processLogger().child({ module: 'tandem' });
const RESET_KEY = Symbol.for('tandem.resetDatabasePool');
/** Set once the handler is installed: one handler per process, however this file is loaded. */
const CONTAINED_KEY = Symbol.for('tandem.driverFaultsContained');
const shared = /** @type {Record<symbol, any>} */ (/** @type {unknown} */ (globalThis));

/**
 * Whether `err` is the driver's stray write on a closed connection, and nothing else.
 * @param {unknown} err
 */
export function isDriverWriteAfterClose(err) {
	return (
		err instanceof TypeError &&
		err.message === "Cannot read properties of null (reading 'write')" &&
		/\bnextWrite\b/.test(err.stack ?? '') &&
		/[\\/]postgres[\\/]src[\\/]connection\.js/.test(err.stack ?? '')
	);
}

/**
 * Installs the process-level handler (once). `exit` is how any other uncaught exception
 * ends the process.
 * @param {{ log?: (message: string) => void, exit?: (code: number) => void }} [options]
 */
export function containDriverFaults({
	log = (message) => logger.error(message),
	exit = (code) => process.exit(code)
} = {}) {
	if (shared[CONTAINED_KEY]) return;
	shared[CONTAINED_KEY] = true;
	process.on('uncaughtException', (err, origin) => {
		if (isDriverWriteAfterClose(err)) {
			log('database connection lost mid-transaction (postgres.js): resetting the pool');
			shared[RESET_KEY]?.();
			return;
		}
		// What Node itself does without a handler: report and stop.
		logger.fatal(
			{ err },
			origin === 'unhandledRejection' ? 'Unhandled rejection' : 'Uncaught exception'
		);
		exit(1);
	});
}
