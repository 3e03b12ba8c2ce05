// `npm start`'s first build: one line of progress instead of the bundler's chatter, and
// on a failure everything the build said, so the error stays visible.
import { describe, expect, test } from 'vitest';
import { runQuietly } from '../../src/cli/quiet-build.js';

/** A terminal-less stream that keeps what was written to it. */
function capture() {
	const chunks: string[] = [];
	const stream = {
		isTTY: false,
		write: (chunk: string | Uint8Array) => {
			chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
			return true;
		}
	} as unknown as NodeJS.WriteStream;
	return { stream, text: () => chunks.join('') };
}

const noisyBuild = (exitCode: number) => [
	'-e',
	`for (let i = 0; i < 150; i++) console.warn('Circular dependency: a.js -> b.js -> a.js');
	 console.log('Run npm run preview to preview your production build locally.');
	 if (${exitCode}) console.error('error: src/app.ts(3,1): Unexpected token');
	 process.exit(${exitCode});`
];

describe('runQuietly', () => {
	test('a build that works shows its label and how long it took, nothing it printed', async () => {
		const out = capture();
		const err = capture();
		const ok = await runQuietly(process.execPath, noisyBuild(0), {
			cwd: process.cwd(),
			label: '[tandem] building…',
			out: out.stream,
			err: err.stream
		});
		expect(ok).toBe(true);
		expect(out.text()).toMatch(/^\[tandem\] building…\n\[tandem\] building… done in \d+\.\d s\n$/);
		expect(err.text()).toBe('');
	});

	test('a build that fails shows everything it printed, then says it failed', async () => {
		const out = capture();
		const err = capture();
		const ok = await runQuietly(process.execPath, noisyBuild(2), {
			cwd: process.cwd(),
			label: '[tandem] building…',
			out: out.stream,
			err: err.stream
		});
		expect(ok).toBe(false);
		expect(err.text()).toContain('error: src/app.ts(3,1): Unexpected token');
		expect(err.text().match(/Circular dependency/g)).toHaveLength(150);
		expect(err.text()).toMatch(/\[tandem\] building… failed after \d+\.\d s \(exit code 2\)/);
		expect(out.text()).toBe('[tandem] building…\n');
	});

	test('a build command that cannot start is a failure, said plainly', async () => {
		const err = capture();
		const ok = await runQuietly('/nonexistent/vite', ['build'], {
			cwd: process.cwd(),
			label: '[tandem] building…',
			out: capture().stream,
			err: err.stream
		});
		expect(ok).toBe(false);
		expect(err.text()).toContain('ENOENT');
	});
});
