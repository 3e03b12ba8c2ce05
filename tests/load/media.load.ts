// Media figures (npm run bench): a 200 MB upload with tus-js-client over HTTP, interrupted
// at half and resumed; then 50 viewers seeking in that file at once, each seek a ranged
// GET whose time to first byte of the 206 is measured (the body is dropped after the first
// bytes, as a browser does when the viewer seeks again). Disk storage, PGlite or
// DATABASE_URL's server; no ffmpeg pass (MEDIA_FFMPEG=off: the bytes are not a real video).
import { request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Upload } from 'tus-js-client';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ESCALATION_RECORDING, openEscalation } from '../../src/lib/server/escalations';
import { getMedia, installMediaStore, openMediaStore } from '../../src/lib/server/media';
import { mediaConfig } from '../../src/lib/server/config';
import { registerModules } from '../../src/lib/server/modules';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { addPerson, addTeam } from '../helpers/ledger';
import { PERSON_HEADER, startUploadServer, webmLike, type UploadServer } from '../helpers/media';
import { escalationReport } from '../helpers/reports';
import { figureOf, printTable } from './measure';

const SIZE = 200 * 1024 * 1024;
const VIEWERS = 50;
const SEEKS_PER_VIEWER = 20;

let testDb: TestDatabase;
let server: UploadServer;
let dir: string;
let personId: number;
let escalationId: number;

beforeAll(async () => {
	process.env.MEDIA_FFMPEG = 'off';
	registerModules();
	testDb = await createTestDatabase();
	dir = await mkdtemp(join(tmpdir(), 'tandem-media-bench-'));
	installMediaStore(openMediaStore({ ...mediaConfig(), directory: dir, s3: undefined }));
	const team = await addTeam(testDb, 'Frontline', 'support');
	personId = await addPerson(testDb, 'Sam Support', team.id);
	({ escalationId } = await openEscalation(personId, escalationReport('Bench')));
	server = await startUploadServer();
}, 180_000);

afterAll(async () => {
	await server?.close();
	await testDb?.destroy();
	if (dir) await rm(dir, { recursive: true, force: true });
});

function send(bytes: Buffer, options: { stopAt?: number; uploadUrl?: string }) {
	return new Promise<{ url: string | null; mediaId: number | null }>((resolve, reject) => {
		let mediaId: number | null = null;
		const upload: Upload = new Upload(bytes, {
			endpoint: server.endpoint,
			uploadUrl: options.uploadUrl,
			chunkSize: 8 * 1024 * 1024,
			retryDelays: [],
			headers: { [PERSON_HEADER]: String(personId) },
			metadata: { purpose: ESCALATION_RECORDING, escalationId: String(escalationId) },
			onAfterResponse: (_req, res) => {
				const id = Number(res.getHeader('Tandem-Media-Id'));
				if (id) mediaId = id;
			},
			onChunkComplete: (_chunk, accepted) => {
				if (options.stopAt && accepted >= options.stopAt) {
					void upload.abort().then(() => resolve({ url: upload.url, mediaId }));
				}
			},
			onSuccess: () => resolve({ url: upload.url, mediaId }),
			onError: reject
		});
		upload.start();
	});
}

/** Milliseconds from sending a ranged GET to its first body byte; the rest is dropped. */
function timeToFirstByte(mediaId: number, start: number): Promise<{ ms: number; status: number }> {
	return new Promise((resolve, reject) => {
		const t0 = performance.now();
		const req = request(
			`${server.origin}/media/${mediaId}`,
			{ headers: { range: `bytes=${start}-` } },
			(res) => {
				res.once('data', () => {
					resolve({ ms: performance.now() - t0, status: res.statusCode ?? 0 });
					req.destroy();
				});
			}
		);
		req.on('error', (err) => (err.message.includes('aborted') ? undefined : reject(err)));
		req.end();
	});
}

test('200 MB upload interrupted at half and resumed; 50 viewers seeking', async () => {
	const bytes = Buffer.from(webmLike(SIZE));
	const t0 = performance.now();
	const first = await send(bytes, { stopAt: SIZE / 2 });
	const firstHalf = performance.now() - t0;
	const t1 = performance.now();
	const second = await send(bytes, { uploadUrl: first.url as string });
	const secondHalf = performance.now() - t1;
	const media = await getMedia(second.mediaId as number);
	expect(media?.sizeBytes).toBe(SIZE);
	console.log(
		`\nUpload of 200 MB: first half ${(firstHalf / 1000).toFixed(1)} s, ` +
			`resumed second half ${(secondHalf / 1000).toFixed(1)} s ` +
			`(${(SIZE / 1024 / 1024 / ((firstHalf + secondHalf) / 1000)).toFixed(0)} MB/s overall)`
	);

	const times: number[] = [];
	const statuses = new Set<number>();
	const started = performance.now();
	await Promise.all(
		Array.from({ length: VIEWERS }, async (_, viewer) => {
			for (let i = 0; i < SEEKS_PER_VIEWER; i++) {
				const at = Math.floor((((viewer * 7919 + i * 104729) % 1000) / 1000) * (SIZE - 1));
				const { ms, status } = await timeToFirstByte(media!.id, at);
				times.push(ms);
				statuses.add(status);
			}
		})
	);
	expect([...statuses]).toEqual([206]);
	printTable(`${VIEWERS} viewers seeking in a 200 MB file (time to first byte of a 206)`, [
		figureOf('ranged GET → first byte', times, performance.now() - started)
	]);
}, 600_000);
