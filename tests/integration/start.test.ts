// The production entry (`npm start`) refuses a configuration it cannot serve, in one
// plain line, before building or opening anything.
import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';

function start(env: Record<string, string>) {
	const inherited = { ...process.env };
	for (const key of ['DATABASE_URL', 'REDIS_URL', 'WORKERS']) delete inherited[key];
	const run = spawnSync(process.execPath, ['src/cli/start.js'], {
		env: { ...inherited, PORT: '0', SEED_DEMO: 'false', LOG_FORMAT: 'json', ...env },
		encoding: 'utf8',
		timeout: 30_000
	});
	// The log is JSON lines: the assertions read what each line says.
	const said = (text: string) =>
		text
			.split('\n')
			.filter(Boolean)
			.map((line) => JSON.parse(line).msg as string)
			.join('\n');
	return { status: run.status, stderr: said(run.stderr), stdout: said(run.stdout) };
}

describe('npm start with WORKERS', () => {
	test('worker processes without PostgreSQL and Redis are refused, saying what is missing', () => {
		const run = start({ WORKERS: '2' });
		expect(run.status).toBe(1);
		expect(run.stderr).toContain('WORKERS=2 needs DATABASE_URL and REDIS_URL');
		expect(run.stderr).not.toMatch(/\n\s+at /);
		expect(run.stdout).not.toContain('listening');
	});

	test('Redis alone is not enough: the embedded database serves one process', () => {
		const run = start({ WORKERS: 'auto', REDIS_URL: 'redis://127.0.0.1:6379' });
		expect(run.status).toBe(1);
		expect(run.stderr).toMatch(/WORKERS=auto needs DATABASE_URL:/);
	});

	test('a count that is not a whole number is refused', () => {
		const run = start({ WORKERS: 'lots' });
		expect(run.status).toBe(1);
		expect(run.stderr).toContain(
			'WORKERS must be a whole number from 1 to 64, or "auto" (got "lots")'
		);
	});
});
