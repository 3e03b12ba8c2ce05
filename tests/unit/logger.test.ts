// The process logger: JSON lines (or readable ones), LOG_LEVEL honoured, and credentials
// never written, wherever they sit in what is logged.
import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { prettyLine, withoutSecrets } from '../../src/lib/server/logger.js';

/** Runs `body` in a fresh Node process with the logger imported as `log`. */
function logIn(body: string, env: Record<string, string> = {}) {
	const script = `
		import { processLogger } from './src/lib/server/logger.js';
		const log = processLogger();
		${body}
	`;
	const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
		env: { ...process.env, NODE_ENV: 'production', LOG_FORMAT: 'json', ...env },
		encoding: 'utf8',
		timeout: 20_000
	});
	const parse = (text: string) =>
		text
			.split('\n')
			.filter(Boolean)
			.map((line) => JSON.parse(line) as Record<string, unknown>);
	return { out: parse(run.stdout), err: parse(run.stderr), raw: run.stdout + run.stderr };
}

describe('the process logger', () => {
	test('writes JSON lines: info to stdout, errors to stderr with their stack', () => {
		const { out, err } = logIn(`
			log.info({ route: '/(app)/kudos' }, 'request');
			log.error({ err: new Error('boom') }, 'unexpected error');
		`);
		expect(out).toEqual([
			expect.objectContaining({ level: 30, msg: 'request', route: '/(app)/kudos' })
		]);
		expect(err).toEqual([
			expect.objectContaining({
				level: 50,
				msg: 'unexpected error',
				err: expect.objectContaining({
					message: 'boom',
					stack: expect.stringContaining('Error: boom')
				})
			})
		]);
	});

	test('redacts passwords, tokens, secrets, cookies and authorization, nested or not', () => {
		const { out, raw } = logIn(`
			log.info({
				password: 'hunter2-top',
				form: { email: 'a@b.c', password: 'hunter2-nested', newPassword: 'hunter2-new' },
				headers: { cookie: 'tandem_session=abc123secret', authorization: 'Bearer tok-xyz' },
				integration: { secret: 'whsec-987' },
				token: 'invite-token-555'
			}, 'everything');
		`);
		for (const secret of ['hunter2', 'abc123secret', 'tok-xyz', 'whsec-987', 'invite-token-555'])
			expect(raw).not.toContain(secret);
		expect(out[0]).toMatchObject({
			password: '[redacted]',
			form: { email: 'a@b.c', password: '[redacted]' },
			headers: { cookie: '[redacted]', authorization: '[redacted]' }
		});
	});

	test('an error carrying a secret keeps its class and stack; arrays are searched too', () => {
		const failure = Object.assign(new Error('refused'), {
			request: { headers: { Authorization: 'Bearer tok-abc' } }
		});
		const { out, raw } = logIn(`
			const failure = Object.assign(new Error('refused'), {
				request: { headers: { Authorization: 'Bearer tok-abc' } }
			});
			log.info({ err: failure, rows: [{ id: 1, token: 'row-token-9' }] }, 'failed');
		`);
		expect(raw).not.toContain('tok-abc');
		expect(raw).not.toContain('row-token-9');
		expect(out[0]).toMatchObject({
			err: { message: 'refused', stack: expect.stringContaining('Error: refused') },
			rows: [{ id: 1, token: '[redacted]' }]
		});
		// What was logged is never changed in place, and a line without secrets is not copied.
		const cleaned = withoutSecrets({ err: failure }) as { err: Error };
		expect(cleaned.err).toBeInstanceOf(Error);
		expect(failure.request.headers.Authorization).toBe('Bearer tok-abc');
		const plain = { personId: 7, socketId: 'abc' };
		expect(withoutSecrets(plain)).toBe(plain);
	});

	test('lines written together within a turn still all leave when the process exits at once', () => {
		const { out } = logIn(`
			for (let i = 1; i <= 3; i++) log.info({ i }, 'line');
			process.exit(0);
		`);
		expect(out.map((e) => e.i)).toEqual([1, 2, 3]);
	});

	test('LOG_LEVEL chooses what is written; an unknown level is said and info used', () => {
		expect(logIn(`log.info('hidden'); log.warn('shown');`, { LOG_LEVEL: 'warn' }).out).toEqual([
			expect.objectContaining({ msg: 'shown' })
		]);
		const { out } = logIn(`log.info('kept'); log.debug('dropped');`, { LOG_LEVEL: 'loud' });
		expect(out.map((e) => e.msg)).toEqual([
			expect.stringContaining('LOG_LEVEL "loud" is not one of'),
			'kept'
		]);
	});

	test('a readable line for a person at a terminal', () => {
		const line = prettyLine(
			JSON.stringify({
				level: 40,
				time: '2026-11-30T10:00:00.000Z',
				pid: 1,
				module: 'jobs',
				msg: 'job attempt failed',
				kind: 'outbox.deliver',
				attempts: 2
			})
		);
		expect(line).toMatch(
			/^\d\d:\d\d:\d\d WARN {2}\[jobs\] job attempt failed kind=outbox\.deliver attempts=2\n$/
		);
	});
});
