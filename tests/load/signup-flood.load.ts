// How long a real sign-in takes while 300 anonymous sign-up posts hit the server
// (npm run bench -- tests/load/signup-flood.load.ts). The built app runs as `npm start`
// runs it, on 127.0.0.1 only, with a fresh embedded database. Two floods: all from one
// address, and from 300 addresses (sent as X-Forwarded-For to an app told to trust it, as
// behind a proxy), where only the overall limit and the argon2 gate stand in the way.
// Figures are printed; the run fails only on wrong answers (a sign-in refused).
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { startBuiltApp, stopBuiltApps, type BuiltApp } from './built-app';
import { figureOf, printTable, type Figure } from './measure';

const FLOOD = 300;
const ADMIN = { name: 'Ada Admin', email: 'ada@bench.test', password: 'violet harbour 73' };

afterAll(() => stopBuiltApps());

/**
 * A form post from `ip` (the app trusts X-Forwarded-For here, so every post names one),
 * each on its own connection like separate browsers: no keep-alive socket the server may
 * already have closed.
 */
function post(
	app: BuiltApp,
	path: string,
	form: Record<string, string>,
	ip: string
): Promise<{ status: number }> {
	const body = new URLSearchParams(form).toString();
	return new Promise((resolve, reject) => {
		const req = request(
			`${app.url}${path}`,
			{
				method: 'POST',
				agent: false,
				headers: {
					origin: app.url,
					accept: 'text/html',
					'content-type': 'application/x-www-form-urlencoded',
					'content-length': Buffer.byteLength(body),
					'x-forwarded-for': ip
				}
			},
			(res) => {
				res.resume();
				res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
				res.on('error', reject);
			}
		);
		req.setTimeout(120_000, () => req.destroy(new Error('no answer in 120 s')));
		req.on('error', reject);
		req.end(body);
	});
}

/** One real sign-in, timed from request to the redirect that signs the person in. */
async function signIn(app: BuiltApp): Promise<number> {
	const t0 = performance.now();
	const res = await post(
		app,
		'/login',
		{ email: ADMIN.email, password: ADMIN.password },
		'192.0.2.200'
	);
	const ms = performance.now() - t0;
	expect(res.status, 'a real sign-in must succeed').toBe(303);
	return ms;
}

/** Fires the flood at once; signs in one after another until it is over. */
async function underFlood(app: BuiltApp, addresses: 'one' | 'many') {
	const statuses = new Map<string, number>();
	const t0 = performance.now();
	let done = false;
	const flood = Promise.all(
		Array.from({ length: FLOOD }, async (_, i) => {
			const ip = addresses === 'many' ? `10.${(i >> 8) & 255}.${i & 255}.7` : '192.0.2.99';
			let answer: string;
			try {
				const res = await post(
					app,
					'/signup',
					{ name: `Flood ${i}`, email: `flood${i}@outside.test`, password: `flood password ${i}` },
					ip
				);
				answer = String(res.status);
			} catch (err) {
				answer = `failed: ${(err as Error).cause ?? err}`;
			}
			statuses.set(answer, (statuses.get(answer) ?? 0) + 1);
		})
	).finally(() => (done = true));
	const floodMs = flood.then(() => performance.now() - t0);
	await new Promise((resolve) => setTimeout(resolve, 100));
	const signIns: number[] = [];
	const s0 = performance.now();
	do signIns.push(await signIn(app));
	while (!done);
	return {
		signIns: figureOf(
			`sign-in during ${FLOOD} sign-ups from ${addresses} IP`,
			signIns,
			performance.now() - s0
		),
		floodMs: await floodMs,
		statuses: Object.fromEntries([...statuses].sort(([a], [b]) => a.localeCompare(b)))
	};
}

test('a sign-in while 300 anonymous sign-ups arrive', async () => {
	const dataDir = mkdtempSync(join(tmpdir(), 'tandem-flood-'));
	const app = await startBuiltApp({
		DATA_DIR: dataDir,
		// Trust X-Forwarded-For as a deployment behind a proxy does, for the many-IP flood.
		ADDRESS_HEADER: 'X-Forwarded-For',
		XFF_DEPTH: '1'
	});
	try {
		const first = await post(app, '/signup', ADMIN, '192.0.2.1');
		expect(first.status).toBe(303);
		const idle: number[] = [];
		for (let i = 0; i < 5; i++) idle.push(await signIn(app));
		const figures: Figure[] = [
			figureOf(
				'sign-in, idle',
				idle,
				idle.reduce((a, b) => a + b)
			)
		];
		const floods = [];
		for (const addresses of ['one', 'many'] as const) {
			const run = await underFlood(app, addresses);
			figures.push(run.signIns);
			floods.push({
				flood: `${addresses} IP`,
				'flood took': `${run.floodMs.toFixed(0)} ms`,
				...run.statuses
			});
			// Let the throttle windows of the first flood not decide the second.
			if (addresses === 'one') await new Promise((resolve) => setTimeout(resolve, 500));
		}
		printTable(`Sign-in under a sign-up flood (${FLOOD} posts, built app, PGlite)`, figures);
		console.log('Sign-up answers by status:');
		console.table(floods);
	} finally {
		await app.stop();
		rmSync(dataDir, { recursive: true, force: true });
	}
}, 600_000);
