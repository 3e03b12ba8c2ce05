// Which failures count as "the database is away" (answered 503 with a plain sentence)
// and which stay bugs; the driver fault the process survives, and nothing else.
import { describe, expect, test, vi } from 'vitest';
import { isDriverWriteAfterClose } from '../../src/cli/driver-fault.js';
import { databaseConfig } from '../../src/lib/server/config';
import { ServiceError } from '../../src/lib/server/errors';
import { checkRedis } from '../../src/lib/server/resilience/checks';
import {
	AcquireTimeoutError,
	DATABASE_UNAVAILABLE,
	failureAck,
	isDatabaseUnavailable,
	outageCode
} from '../../src/lib/server/resilience';

function withCode(code: string, message = 'failed'): Error {
	return Object.assign(new Error(message), { code });
}

describe('isDatabaseUnavailable', () => {
	test.each([
		['connection refused', withCode('ECONNREFUSED')],
		['connection reset', withCode('ECONNRESET')],
		['postgres.js lost the connection', withCode('CONNECTION_CLOSED')],
		['postgres.js could not connect in time', withCode('CONNECT_TIMEOUT')],
		['administrator shutdown (restart)', withCode('57P01')],
		['the server is starting up', withCode('57P03')],
		['statement timeout', withCode('57014')],
		['lock timeout', withCode('55P03')],
		['too many connections', withCode('53300')],
		['a connection exception (class 08)', withCode('08006')],
		['no pooled connection in time', new AcquireTimeoutError(5_000)]
	])('%s', (_name, err) => {
		expect(isDatabaseUnavailable(err)).toBe(true);
	});

	test('seen through drizzle’s wrapper and Node’s AggregateError', () => {
		const refused = new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')]);
		const wrapped = new Error('Failed query: select 1', { cause: refused });
		expect(isDatabaseUnavailable(wrapped)).toBe(true);
		expect(outageCode(wrapped)).toBe('ECONNREFUSED');
	});

	test.each([
		['a unique violation (a bug or a race, not an outage)', withCode('23505')],
		['a syntax error', withCode('42601')],
		['a refusal for the person', new ServiceError('Choose a value.')],
		['a plain error', new Error('boom')],
		['not an error at all', 'ECONNREFUSED']
	])('not for %s', (_name, err) => {
		expect(isDatabaseUnavailable(err)).toBe(false);
	});
});

describe('a socket answer for a failure', () => {
	test('says the database is away, in words, for an outage; "failed" with no detail for a bug', () => {
		const logged = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
		try {
			expect(failureAck(withCode('57P01'), 'command test')).toEqual({
				ok: false,
				code: 'unavailable',
				message: DATABASE_UNAVAILABLE
			});
			const bug = failureAck(new Error('column "secret" does not exist'), 'command test');
			expect(bug).toMatchObject({ ok: false, code: 'failed' });
			expect(bug.message).not.toContain('secret');
			// The bug is logged with its error for the operator.
			const lines = logged.mock.calls.map(([line]) => JSON.parse(String(line)));
			expect(lines).toContainEqual(
				expect.objectContaining({
					msg: 'command test failed',
					err: expect.objectContaining({ message: 'column "secret" does not exist' })
				})
			);
		} finally {
			logged.mockRestore();
		}
	});
});

describe('the postgres.js stray write', () => {
	const message = "Cannot read properties of null (reading 'write')";

	test('is recognised by its message and where it was thrown', () => {
		const err = new TypeError(message);
		err.stack = `TypeError: ${message}\n    at Immediate.nextWrite (file:///app/node_modules/postgres/src/connection.js:255:22)\n    at process.processImmediate (node:internal/timers:574:21)`;
		expect(isDriverWriteAfterClose(err)).toBe(true);
	});

	test('the same message from our own code is not contained', () => {
		const err = new TypeError(message);
		err.stack = `TypeError: ${message}\n    at save (file:///app/build/server/chunks/kudos.js:10:3)`;
		expect(isDriverWriteAfterClose(err)).toBe(false);
		expect(isDriverWriteAfterClose(new Error(message))).toBe(false);
	});
});

describe('database timeouts', () => {
	test('default to 10 s per statement, 5 s per lock wait and 5 s for a pooled connection', () => {
		expect(databaseConfig({})).toMatchObject({
			statementTimeoutMs: 10_000,
			lockTimeoutMs: 5_000,
			acquireTimeoutMs: 5_000
		});
	});

	test('are set by DATABASE_*_TIMEOUT_MS; nonsense falls back to the default', () => {
		const config = databaseConfig({
			DATABASE_STATEMENT_TIMEOUT_MS: '2500',
			DATABASE_LOCK_TIMEOUT_MS: '750',
			DATABASE_ACQUIRE_TIMEOUT_MS: 'soon'
		});
		expect(config).toMatchObject({
			statementTimeoutMs: 2_500,
			lockTimeoutMs: 750,
			acquireTimeoutMs: 5_000
		});
	});
});

describe('Redis in the health answers', () => {
	test('not configured without REDIS_URL; unavailable, saying why, when configured but not connected', () => {
		expect(checkRedis({})).toEqual({ status: 'not_configured' });
		const down = checkRedis({ REDIS_URL: 'redis://127.0.0.1:1' });
		expect(down.status).toBe('unavailable');
		expect(down.message).toContain('not connected to Redis');
	});
});
