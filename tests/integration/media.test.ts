// The media capability against real parts: tus uploads with tus-js-client over HTTP into the
// app's handler, the disk and an S3-compatible server (s3rver), ranged serving, refusals.
import { eq } from 'drizzle-orm';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Upload } from 'tus-js-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	ESCALATION_RECORDING,
	openEscalation,
	recordingsOfEscalation
} from '../../src/lib/server/escalations';
import {
	ffmpegAvailable,
	getMedia,
	installMediaStore,
	mediaResponse,
	openMediaStore,
	resetUploadLocks,
	storeMediaFile,
	thumbnailResponse
} from '../../src/lib/server/media';
import { mediaFile } from '../../src/lib/server/media/schema';
import { mediaConfig } from '../../src/lib/server/config';
import { registerModules } from '../../src/lib/server/modules';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { addPerson, addTeam, eventsIn } from '../helpers/ledger';
import {
	mp4Like,
	PERSON_HEADER,
	startS3Server,
	startUploadServer,
	webmLike,
	type S3Server,
	type UploadServer
} from '../helpers/media';
import { escalationReport } from '../helpers/reports';

let testDb: TestDatabase;
let uploads: UploadServer;
let s3: S3Server;
let dir: string;
let agent: number;
let engineer: number;
let escalationId: number;

beforeAll(async () => {
	process.env.MEDIA_FFMPEG = 'off';
	registerModules();
	testDb = await createTestDatabase();
	resetUploadLocks();
	dir = await mkdtemp(join(tmpdir(), 'tandem-media-test-'));
	installMediaStore(openMediaStore({ ...mediaConfig(), directory: dir, s3: undefined }));
	const support = await addTeam(testDb, 'Frontline', 'support');
	agent = await addPerson(testDb, 'Sam Support', support.id);
	engineer = await addPerson(testDb, 'Erin Engineer', support.id);
	({ escalationId } = await openEscalation(agent, escalationReport('Export spins forever')));
	uploads = await startUploadServer();
	s3 = await startS3Server();
});

afterAll(async () => {
	await uploads?.close();
	await s3?.close();
	await testDb?.destroy();
	await rm(dir, { recursive: true, force: true });
	delete process.env.MEDIA_FFMPEG;
	delete process.env.MEDIA_MAX_BYTES;
});

interface UploadOptions {
	personId?: number | null;
	meta?: Record<string, string>;
	chunkSize?: number;
	/** Stop (as a dropped network would) once this many bytes are acknowledged. */
	stopAfter?: number;
	uploadUrl?: string;
}

interface UploadResult {
	url: string | null;
	done: boolean;
	mediaId: number | null;
	error: string | null;
	acknowledged: number;
}

/** Uploads with tus-js-client, as a browser would; resolves when it finishes, fails or stops. */
function upload(bytes: Uint8Array, options: UploadOptions = {}): Promise<UploadResult> {
	const personId = options.personId === undefined ? agent : options.personId;
	return new Promise((resolve) => {
		let acknowledged = 0;
		let mediaId: number | null = null;
		const tus: Upload = new Upload(Buffer.from(bytes), {
			endpoint: uploads.endpoint,
			uploadUrl: options.uploadUrl,
			chunkSize: options.chunkSize ?? 256 * 1024,
			retryDelays: [],
			headers: personId ? { [PERSON_HEADER]: String(personId) } : {},
			metadata: {
				purpose: ESCALATION_RECORDING,
				escalationId: String(escalationId),
				filename: 'what-the-customer-sees.webm',
				...options.meta
			},
			onAfterResponse: (_req, res) => {
				const id = res.getHeader('Tandem-Media-Id');
				if (id) mediaId = Number(id);
			},
			onChunkComplete: (_chunk, accepted) => {
				acknowledged = accepted;
				if (options.stopAfter && accepted >= options.stopAfter) {
					void tus
						.abort()
						.then(() => resolve({ url: tus.url, done: false, mediaId, error: null, acknowledged }));
				}
			},
			onSuccess: () => resolve({ url: tus.url, done: true, mediaId, error: null, acknowledged }),
			onError: (err) => {
				const body = (err as { originalResponse?: { getBody(): string } }).originalResponse;
				resolve({
					url: tus.url,
					done: false,
					mediaId,
					error: body?.getBody() ?? err.message,
					acknowledged
				});
			}
		});
		tus.start();
	});
}

async function get(mediaId: number, headers: Record<string, string> = {}) {
	const response = await mediaResponse(new Request('http://x/', { headers }), mediaId);
	return { response, body: new Uint8Array(await response.arrayBuffer()) };
}

async function uploaded(bytes: Uint8Array, options: UploadOptions = {}) {
	const result = await upload(bytes, options);
	expect(result.error).toBeNull();
	expect(result.mediaId).toBeTypeOf('number');
	return result.mediaId as number;
}

describe('media on the disk', () => {
	it('an upload interrupted halfway resumes from where the server stopped and is served whole', async () => {
		const bytes = webmLike(1_500_000);
		const first = await upload(bytes, { stopAfter: 600_000 });
		expect(first.done).toBe(false);
		expect(first.url).toMatch(/\/api\/uploads\/\w+$/);
		const head = await fetch(first.url as string, {
			method: 'HEAD',
			headers: { 'Tus-Resumable': '1.0.0', [PERSON_HEADER]: String(agent) }
		});
		const offset = Number(head.headers.get('upload-offset'));
		expect(offset).toBeGreaterThanOrEqual(600_000);
		expect(offset).toBeLessThan(bytes.byteLength);

		const second = await upload(bytes, { uploadUrl: first.url as string });
		expect(second.error).toBeNull();
		const media = await getMedia(second.mediaId as number);
		expect(media).toMatchObject({
			status: 'ready',
			contentType: 'video/webm',
			sizeBytes: 1_500_000
		});
		const { response, body } = await get(media!.id);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-length')).toBe('1500000');
		expect(Buffer.compare(Buffer.from(body), Buffer.from(bytes))).toBe(0);
	});

	it('links the ready recording to its escalation and tells the escalation room', async () => {
		const mediaId = await uploaded(mp4Like(40_000), { personId: engineer });
		const recordings = await recordingsOfEscalation(escalationId);
		expect(recordings.map((r) => r.id)).toContain(mediaId);
		expect(recordings.find((r) => r.id === mediaId)).toMatchObject({
			contentType: 'video/mp4',
			addedBy: 'Erin Engineer'
		});
		const events = await eventsIn(testDb, `escalation:${escalationId}`);
		expect(events.map((e) => [e.type, e.payload])).toContainEqual([
			'escalation.recording',
			{ mediaId }
		]);
	});

	it('serves every kind of range with the right status, headers and bytes', async () => {
		const bytes = webmLike(10_000, 3);
		const id = await uploaded(bytes);
		const slice = (a: number, b: number) => Buffer.from(bytes.subarray(a, b));

		const open = await get(id, { range: 'bytes=100-' });
		expect(open.response.status).toBe(206);
		expect(open.response.headers.get('content-range')).toBe('bytes 100-9999/10000');
		expect(open.response.headers.get('content-length')).toBe('9900');
		expect(Buffer.from(open.body)).toEqual(slice(100, 10_000));

		const closed = await get(id, { range: 'bytes=0-499' });
		expect(closed.response.status).toBe(206);
		expect(closed.response.headers.get('content-range')).toBe('bytes 0-499/10000');
		expect(Buffer.from(closed.body)).toEqual(slice(0, 500));

		const pastEnd = await get(id, { range: 'bytes=9990-20000' });
		expect(pastEnd.response.headers.get('content-range')).toBe('bytes 9990-9999/10000');
		expect(pastEnd.body.byteLength).toBe(10);

		const suffix = await get(id, { range: 'bytes=-500' });
		expect(suffix.response.status).toBe(206);
		expect(suffix.response.headers.get('content-range')).toBe('bytes 9500-9999/10000');
		expect(Buffer.from(suffix.body)).toEqual(slice(9_500, 10_000));

		const longSuffix = await get(id, { range: 'bytes=-50000' });
		expect(longSuffix.response.headers.get('content-range')).toBe('bytes 0-9999/10000');

		for (const range of ['bytes=10000-', 'bytes=20000-30000', 'bytes=-0']) {
			const refused = await get(id, { range });
			expect(refused.response.status, range).toBe(416);
			expect(refused.response.headers.get('content-range')).toBe('bytes */10000');
		}

		const whole = await get(id);
		expect(whole.response.status).toBe(200);
		expect(whole.response.headers.get('accept-ranges')).toBe('bytes');
		const etag = whole.response.headers.get('etag') as string;
		expect(etag).toMatch(/^"m\d+-10000-\d+"$/);

		const same = await get(id, { range: 'bytes=0-9', 'if-range': etag });
		expect(same.response.status).toBe(206);
		const changed = await get(id, { range: 'bytes=0-9', 'if-range': '"something-else"' });
		expect(changed.response.status).toBe(200);
		expect(changed.body.byteLength).toBe(10_000);

		const unchanged = await get(id, { 'if-none-match': etag });
		expect(unchanged.response.status).toBe(304);

		const head = await mediaResponse(
			new Request('http://x/', { method: 'HEAD', headers: { range: 'bytes=0-9' } }),
			id
		);
		expect(head.status).toBe(206);
		expect(head.headers.get('content-length')).toBe('10');
	});

	it('refuses bytes that are not a video, removes them and marks the upload failed', async () => {
		const png = new Uint8Array(30_000).fill(7);
		png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
		const result = await upload(png);
		expect(result.done).toBe(false);
		expect(result.error).toContain('not a video we can play');
		const [row] = await testDb.db
			.select()
			.from(mediaFile)
			.where(eq(mediaFile.storageKey, (result.url as string).split('/').pop() as string));
		expect(row).toMatchObject({ status: 'failed' });
		expect(row.failure).toContain('WebM or MP4');
		await expect(readFile(join(dir, row.storageKey))).rejects.toThrow();
		expect((await get(row.id)).response.status).toBe(404);
	});

	it('refuses a file over the size limit with the limit in words, storing nothing', async () => {
		process.env.MEDIA_MAX_BYTES = String(1024 * 1024);
		try {
			const before = await testDb.db.select().from(mediaFile);
			const result = await upload(webmLike(2 * 1024 * 1024));
			expect(result.error).toContain('larger than the 1 MB limit');
			expect(await testDb.db.select().from(mediaFile)).toHaveLength(before.length);
		} finally {
			delete process.env.MEDIA_MAX_BYTES;
		}
	});

	it('refuses a signed-out uploader, an unknown purpose and a missing escalation', async () => {
		const signedOut = await upload(webmLike(1000), { personId: null });
		expect(signedOut.error).toContain('Sign in to upload');
		const purpose = await upload(webmLike(1000), { meta: { purpose: 'nothing' } });
		expect(purpose.error).toContain('purpose is unknown');
		const gone = await upload(webmLike(1000), { meta: { escalationId: '999999' } });
		expect(gone.error).toContain('That escalation does not exist.');
	});

	it("keeps one person's upload from another", async () => {
		const first = await upload(webmLike(600_000), { stopAfter: 256 * 1024 });
		const ask = (personId: number, method: string) =>
			fetch(first.url as string, {
				method,
				headers: {
					'Tus-Resumable': '1.0.0',
					[PERSON_HEADER]: String(personId),
					'Upload-Offset': '0',
					'Content-Type': 'application/offset+octet-stream'
				},
				body: method === 'PATCH' ? 'x' : undefined
			});
		expect((await ask(engineer, 'HEAD')).status).toBe(404);
		const patch = await ask(engineer, 'PATCH');
		expect(patch.status).toBe(404);
		expect(await patch.text()).toContain('No such upload');
		expect((await ask(agent, 'HEAD')).status).toBe(200);
	});

	it('answers 404 for an unknown media id and for a file still uploading', async () => {
		expect((await get(2_000_000)).response.status).toBe(404);
		const partial = await upload(webmLike(600_000), { stopAfter: 256 * 1024 });
		const key = (partial.url as string).split('/').pop() as string;
		const [row] = await testDb.db.select().from(mediaFile).where(eq(mediaFile.storageKey, key));
		expect(row.status).toBe('uploading');
		expect((await get(row.id)).response.status).toBe(404);
	});
});

describe('media on an S3-compatible server', () => {
	beforeAll(() => {
		installMediaStore(
			openMediaStore({
				...mediaConfig(),
				s3: {
					endpoint: s3.endpoint,
					bucket: s3.bucket,
					accessKeyId: 'S3RVER',
					secretAccessKey: 'S3RVER',
					region: 'us-east-1'
				}
			})
		);
	});

	it('takes an interrupted upload, resumes it, and serves ranges with ranged GETs', async () => {
		const bytes = webmLike(7 * 1024 * 1024, 5);
		const first = await upload(bytes, { chunkSize: 1024 * 1024, stopAfter: 3 * 1024 * 1024 });
		expect(first.done).toBe(false);
		const second = await upload(bytes, { chunkSize: 1024 * 1024, uploadUrl: first.url as string });
		expect(second.error).toBeNull();
		const id = second.mediaId as number;
		const { response, body } = await get(id, { range: 'bytes=-1000' });
		expect(response.status).toBe(206);
		expect(Buffer.from(body)).toEqual(Buffer.from(bytes.subarray(bytes.length - 1000)));
		const middle = await get(id, { range: 'bytes=5000000-5000099' });
		expect(Buffer.from(middle.body)).toEqual(Buffer.from(bytes.subarray(5_000_000, 5_000_100)));
		const whole = await get(id);
		expect(Buffer.compare(Buffer.from(whole.body), Buffer.from(bytes))).toBe(0);
	});

	it('stores server-side files (the seed) and refuses wrong bytes there too', async () => {
		const media = await storeMediaFile({
			ownerId: agent,
			purpose: ESCALATION_RECORDING,
			bytes: webmLike(5000),
			meta: { escalationId: String(escalationId) },
			durationMs: 4000
		});
		expect(media).toMatchObject({ status: 'ready', durationMs: 4000, sizeBytes: 5000 });
		expect((await get(media.id, { range: 'bytes=10-19' })).body.byteLength).toBe(10);
		await expect(
			storeMediaFile({ ownerId: agent, purpose: ESCALATION_RECORDING, bytes: new Uint8Array(99) })
		).rejects.toThrow('not a video');
	});
});

describe.runIf(ffmpegAvailable() || process.env.MEDIA_FFMPEG_TEST)('with ffmpeg', () => {
	it('remuxes a browser-style WebM (duration and cues added, nothing re-encoded) and makes a thumbnail', async () => {
		process.env.MEDIA_FFMPEG = 'on';
		installMediaStore(openMediaStore({ ...mediaConfig(), directory: dir, s3: undefined }));
		const work = await mkdtemp(join(tmpdir(), 'tandem-webm-'));
		try {
			// A live WebM stream, as MediaRecorder writes it: no duration, no cues.
			const source = join(work, 'live.webm');
			execFileSync('ffmpeg', [
				...['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=duration=3:size=160x120:rate=10'],
				...['-c:v', 'libvpx', '-b:v', '200k', '-live', '1', '-f', 'webm', source]
			]);
			const bytes = new Uint8Array(await readFile(source));
			const id = await uploaded(bytes);
			const media = await getMedia(id);
			expect(media?.durationMs).toBeGreaterThanOrEqual(2900);
			expect(media?.durationMs).toBeLessThanOrEqual(3100);
			expect(media?.thumbnailKey).toMatch(/\.thumb\.jpg$/);
			const probe = execFileSync('ffprobe', [
				...['-v', 'error', '-show_entries', 'stream=codec_name', '-of', 'csv=p=0'],
				join(dir, media!.storageKey)
			]).toString();
			expect(probe.trim()).toBe('vp8');
			const thumb = await thumbnailResponse(id);
			expect(thumb.status).toBe(200);
			expect(thumb.headers.get('content-type')).toBe('image/jpeg');
		} finally {
			process.env.MEDIA_FFMPEG = 'off';
			await rm(work, { recursive: true, force: true });
		}
	});
});
