// Media figures (npm run bench), against the built app (start.js, as `npm start` runs it)
// in its own process, on PGlite files or DATABASE_URL's server, disk storage:
//  - a 200 MB demo recording uploaded with tus-js-client through /api/uploads with a
//    session, interrupted at half and resumed: time of each half and bytes sent twice;
//  - 50 viewers seeking in it (media-seekers.js, another process): time to the first
//    byte of each 206, in a closed loop (every viewer seeks again the moment its last
//    seek answered: the most the app can take) and in an open loop (every viewer seeks
//    once a second: a steady audience). Each seek goes through the session check and
//    the recording's lookup, as a browser's would.
// No ffmpeg pass (MEDIA_FFMPEG=off: the bytes are video-shaped, not a real video).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Upload } from 'tus-js-client';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DEMO_RECORDING, goLive, scheduleDemo } from '../../src/lib/server/demos';
import { demoInput } from '../helpers/demos';
import { addPerson, addTeam } from '../helpers/ledger';
import { webmLike } from '../helpers/media';
import { sessionCookie } from '../helpers/realtime';
import { openBenchDatabase, type BenchDatabase } from './bench-database';
import { startBuiltApp, stopBuiltApps, type BuiltApp } from './built-app';
import { figureOf, printTable } from './measure';
import { printResources, processTree, waitUntilIdle, watchResources } from './resources';

const SIZE = 200 * 1024 * 1024;
const CHUNK = 8 * 1024 * 1024;
const VIEWERS = 50;
const CLOSED_SEEKS = 20;
const OPEN_SEEKS = 15;
const OPEN_EVERY_MS = 1_000;
const TARGET_P99_MS = 50;

let bench: BenchDatabase;
let app: BuiltApp;
let cookie: string;
let demoId: number;
const mediaDir = mkdtempSync(join(tmpdir(), 'tandem-media-bench-'));

beforeAll(async () => {
	bench = await openBenchDatabase();
	const team = await addTeam(bench, 'Product', 'product');
	const presenter = await addPerson(bench, 'Pia Presenter', team.id);
	cookie = (await sessionCookie(presenter)).cookie;
	demoId = await scheduleDemo(presenter, demoInput([presenter]));
	await goLive(presenter, demoId);
	await bench.handOver();
	app = await startBuiltApp({ ...bench.appEnv, MEDIA_FFMPEG: 'off', MEDIA_DIR: mediaDir });
}, 300_000);

afterAll(async () => {
	await stopBuiltApps();
	await bench?.destroy();
	rmSync(mediaDir, { recursive: true, force: true });
});

interface Sent {
	url: string | null;
	mediaId: number | null;
	/** Bytes the server acknowledged, counted from the chunks it accepted. */
	accepted: number;
}

/** Uploads `bytes` (or resumes `uploadUrl`), stopping once `stopAt` bytes were accepted. */
function send(bytes: Buffer, options: { stopAt?: number; uploadUrl?: string }) {
	return new Promise<Sent>((resolve, reject) => {
		let mediaId: number | null = null;
		let accepted = 0;
		let startedAt: number | null = null;
		const upload: Upload = new Upload(bytes, {
			endpoint: `${app.url}/api/uploads`,
			uploadUrl: options.uploadUrl,
			chunkSize: CHUNK,
			retryDelays: [],
			headers: { cookie, origin: app.url },
			metadata: { purpose: DEMO_RECORDING, demoId: String(demoId), filetype: 'video/webm' },
			onAfterResponse: (_req, res) => {
				const id = Number(res.getHeader('Tandem-Media-Id'));
				if (id) mediaId = id;
			},
			onChunkComplete: (chunk, total) => {
				startedAt ??= total - chunk;
				accepted = total - startedAt;
				if (options.stopAt && total >= options.stopAt) {
					void upload.abort().then(() => resolve({ url: upload.url, mediaId, accepted }));
				}
			},
			onSuccess: () => resolve({ url: upload.url, mediaId, accepted }),
			onError: reject
		});
		upload.start();
	});
}

/** Runs the seekers' process and answers what it measured. */
function seekers(mediaId: number, seeks: number, mode: string) {
	const args = [
		'tests/load/media-seekers.js',
		`${app.url}/media/${mediaId}`,
		cookie,
		String(SIZE),
		String(VIEWERS),
		String(seeks),
		mode
	];
	const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
	const line = createInterface({ input: child.stdout! })[Symbol.asyncIterator]().next();
	return {
		pid: child.pid!,
		result: line.then(
			({ value }) =>
				JSON.parse(value ?? '{}') as {
					times: number[];
					statuses: Record<string, number>;
					elapsedMs: number;
				}
		)
	};
}

async function seekRun(mediaId: number, seeks: number, mode: string, title: string) {
	await waitUntilIdle(processTree(app.pid));
	const load = loadavg()[0];
	const run = seekers(mediaId, seeks, mode);
	const stop = await watchResources({ serverPid: app.pid, clientsPid: run.pid, database: bench });
	const got = await run.result;
	const resources = await stop();
	const figure = figureOf('ranged GET → first byte of the 206', got.times, got.elapsedMs);
	printTable(`${title} (load average ${load.toFixed(2)} before)`, [figure]);
	printResources(resources, 'the built app');
	console.log(
		`Statuses ${JSON.stringify(got.statuses)}. Target p99 ≤ ${TARGET_P99_MS} ms: ` +
			`${figure.p99.toFixed(1)} ms ${figure.p99 <= TARGET_P99_MS ? 'meets' : 'MISSES'}.`
	);
	expect(Object.keys(got.statuses)).toEqual(['206']);
	expect(got.times).toHaveLength(VIEWERS * seeks);
}

let mediaId: number;

test('200 MB recording upload, interrupted at half and resumed', async () => {
	const bytes = Buffer.from(webmLike(SIZE));
	const load = loadavg()[0];
	const t0 = performance.now();
	const first = await send(bytes, { stopAt: SIZE / 2 });
	const firstMs = performance.now() - t0;
	const t1 = performance.now();
	const second = await send(bytes, { uploadUrl: first.url as string });
	const secondMs = performance.now() - t1;
	expect(second.mediaId).toBeGreaterThan(0);
	mediaId = second.mediaId!;
	const sentTwice = first.accepted + second.accepted - SIZE;
	const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
	console.log(
		`\nUpload of a 200 MB recording to the built app (load average ${load.toFixed(2)} before): ` +
			`first part ${mb(first.accepted)} MB in ${(firstMs / 1000).toFixed(1)} s, then stopped; ` +
			`resumed part ${mb(second.accepted)} MB in ${(secondMs / 1000).toFixed(1)} s; ` +
			`bytes sent twice ${mb(Math.max(0, sentTwice))} MB (${CHUNK / 1024 / 1024} MB chunks); ` +
			`${mb(SIZE / ((firstMs + secondMs) / 1000))} MB/s overall.`
	);
	const head = await fetch(`${app.url}/media/${mediaId}`, { method: 'HEAD', headers: { cookie } });
	expect(head.headers.get('content-length')).toBe(String(SIZE));
}, 300_000);

test('50 viewers seeking, as fast as they can', async () => {
	await seekRun(
		mediaId,
		CLOSED_SEEKS,
		'closed',
		`${VIEWERS} viewers seeking in a 200 MB recording, each again as soon as answered (closed loop)`
	);
}, 300_000);

test('50 viewers seeking once a second each', async () => {
	await seekRun(
		mediaId,
		OPEN_SEEKS,
		`open:${OPEN_EVERY_MS}`,
		`${VIEWERS} viewers seeking in a 200 MB recording, each once a second (open loop, ${VIEWERS}/s)`
	);
}, 300_000);
