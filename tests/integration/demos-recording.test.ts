// A demo's recording, captions and calendar address against the real database: a live
// recording uploaded with tus over HTTP is linked and aligned by the server's stamps,
// only presenters may attach one, the seeded bytes pass the media checks, WebVTT
// captions are parsed, served back and searched, and a feed token is secret and revocable.
import { eq } from 'drizzle-orm';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWebVtt, writeWebVtt } from '../../src/lib/demos/webvtt';
import {
	captionsFile,
	DEMO_RECORDING,
	endDemo,
	goLive,
	personByFeedToken,
	renewFeedToken,
	revokeFeedToken,
	saveCaptions,
	scheduleDemo,
	searchDemos
} from '../../src/lib/server/demos';
import { demo, demoCaptionCue } from '../../src/lib/server/demos/schema';
import { seedRecording } from '../../src/lib/server/demos/seed-recording';
import { mediaConfig } from '../../src/lib/server/config';
import {
	installMediaStore,
	mediaResponse,
	OPEN_RANGE_BYTES,
	openMediaStore,
	resetUploadLocks,
	storeMediaFile
} from '../../src/lib/server/media';
import { mediaFile } from '../../src/lib/server/media/schema';
import { person } from '../../src/lib/server/org/schema';
import { registerModules } from '../../src/lib/server/modules';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { demoCast, demoInput } from '../helpers/demos';
import { PERSON_HEADER, startUploadServer, webmLike, type UploadServer } from '../helpers/media';
import { refusal } from '../helpers/refusal';

let testDb: TestDatabase;
let cast: Awaited<ReturnType<typeof demoCast>>;
let uploads: UploadServer;
let dir: string;

beforeAll(async () => {
	process.env.MEDIA_FFMPEG = 'off';
	registerModules();
	testDb = await createTestDatabase();
	resetUploadLocks();
	dir = await mkdtemp(join(tmpdir(), 'tandem-demo-recording-'));
	installMediaStore(openMediaStore({ ...mediaConfig(), directory: dir, s3: undefined }));
	cast = await demoCast(testDb);
	uploads = await startUploadServer();
}, 180_000);

afterAll(async () => {
	await uploads?.close();
	await testDb?.destroy();
	await rm(dir, { recursive: true, force: true });
	delete process.env.MEDIA_FFMPEG;
});

const TUS = { 'Tus-Resumable': '1.0.0' };
const b64 = (text: string) => Buffer.from(text).toString('base64');

/** Starts a deferred-length tus upload as the live recorder does; answers its address or refusal. */
async function openRecording(personId: number, meta: Record<string, string>) {
	const response = await fetch(uploads.endpoint, {
		method: 'POST',
		headers: {
			...TUS,
			[PERSON_HEADER]: String(personId),
			'Upload-Defer-Length': '1',
			'Upload-Metadata': Object.entries({ purpose: DEMO_RECORDING, ...meta })
				.map(([k, v]) => `${k} ${b64(v)}`)
				.join(',')
		}
	});
	const location = response.headers.get('Location');
	return {
		status: response.status,
		text: await response.text(),
		url: location ? new URL(location, uploads.endpoint).href : null
	};
}

async function sendChunk(
	personId: number,
	url: string,
	offset: number,
	bytes: Uint8Array,
	last: boolean
) {
	const response = await fetch(url, {
		method: 'PATCH',
		headers: {
			...TUS,
			[PERSON_HEADER]: String(personId),
			'Upload-Offset': String(offset),
			'Content-Type': 'application/offset+octet-stream',
			...(last ? { 'Upload-Length': String(offset + bytes.byteLength) } : {})
		},
		body: Buffer.from(bytes)
	});
	return { status: response.status, mediaId: Number(response.headers.get('Tandem-Media-Id')) };
}

async function liveDemo(title: string) {
	const id = await scheduleDemo(cast.presenter, demoInput([cast.presenter], 3_600_000, { title }));
	await goLive(cast.presenter, id);
	return id;
}

describe('recording from the live page', () => {
	it('links the recording made live and aligns the log by the server stamps', async () => {
		const demoId = await liveDemo('Recorded live');
		const opened = await openRecording(cast.presenter, { demoId: String(demoId), source: 'live' });
		expect(opened.status).toBe(201);
		const bytes = webmLike(300_000);
		// Two chunks while recording, the length declared with the last one.
		expect(
			(await sendChunk(cast.presenter, opened.url!, 0, bytes.subarray(0, 200_000), false)).status
		).toBe(204);
		const done = await sendChunk(
			cast.presenter,
			opened.url!,
			200_000,
			bytes.subarray(200_000),
			true
		);
		expect(done.status).toBe(204);
		expect(done.mediaId).toBeGreaterThan(0);

		const [row] = await testDb.db.select().from(demo).where(eq(demo.id, demoId));
		const [file] = await testDb.db.select().from(mediaFile).where(eq(mediaFile.id, done.mediaId));
		expect(row.recordingMediaId).toBe(done.mediaId);
		// Recording began after going live: the session starts before the recording does.
		expect(row.recordingOffsetMs).toBe(row.wentLiveAt!.getTime() - file.createdAt.getTime());
		expect(row.recordingOffsetMs).toBeLessThanOrEqual(0);
	});

	it('refuses a recording from someone who does not present the demo, storing nothing', async () => {
		const demoId = await liveDemo('Not yours to record');
		const before = await testDb.db.$count(mediaFile);
		const opened = await openRecording(cast.viewers[0], { demoId: String(demoId), source: 'live' });
		expect(opened.status).toBe(400);
		expect(opened.text).toBe(
			'Only the presenters of this demo (or an admin) can add its recording.'
		);
		expect(await testDb.db.$count(mediaFile)).toBe(before);
		const unknown = await openRecording(cast.presenter, { demoId: '99999999', source: 'live' });
		expect(unknown.text).toBe('That demo does not exist.');
	});

	it('a file uploaded afterwards starts aligned at 0 and replaces the recording', async () => {
		const demoId = await liveDemo('Uploaded afterwards');
		await endDemo(cast.presenter, demoId);
		const media = await storeMediaFile({
			ownerId: cast.presenter,
			purpose: DEMO_RECORDING,
			bytes: seedRecording(),
			meta: { demoId: String(demoId), source: 'file' }
		});
		const [row] = await testDb.db.select().from(demo).where(eq(demo.id, demoId));
		expect(media.contentType).toBe('video/webm');
		expect(row.recordingMediaId).toBe(media.id);
		expect(row.recordingOffsetMs).toBe(0);
	});
});

describe('seeking in a long recording', () => {
	it('answers an open range with at most OPEN_RANGE_BYTES, the end and size said', async () => {
		const demoId = await liveDemo('Long recording');
		const size = OPEN_RANGE_BYTES * 2 + 123;
		const media = await storeMediaFile({
			ownerId: cast.presenter,
			purpose: DEMO_RECORDING,
			bytes: webmLike(size),
			meta: { demoId: String(demoId), source: 'file' }
		});
		const ask = (range: string) =>
			mediaResponse(new Request('http://tandem.test/', { headers: { range } }), media.id);
		const open = await ask('bytes=1000-');
		expect(open.status).toBe(206);
		const end = 1000 + OPEN_RANGE_BYTES - 1;
		expect(open.headers.get('content-range')).toBe(`bytes 1000-${end}/${size}`);
		expect((await open.arrayBuffer()).byteLength).toBe(OPEN_RANGE_BYTES);
		// Near the end, and closed or suffix ranges, are answered as asked.
		const tail = await ask(`bytes=${size - 10}-`);
		expect(tail.headers.get('content-range')).toBe(`bytes ${size - 10}-${size - 1}/${size}`);
		const closed = await ask(`bytes=0-${OPEN_RANGE_BYTES * 2}`);
		expect(closed.headers.get('content-length')).toBe(String(OPEN_RANGE_BYTES * 2 + 1));
		await closed.body?.cancel();
		const suffix = await ask(`bytes=-${OPEN_RANGE_BYTES * 2}`);
		expect(suffix.headers.get('content-length')).toBe(String(OPEN_RANGE_BYTES * 2));
		await suffix.body?.cancel();
	});
});

describe('captions', () => {
	const VTT = [
		'WEBVTT',
		'',
		'NOTE the presenter speaking',
		'',
		'intro',
		'00:00:01.000 --> 00:00:04.500',
		'<v Priya>Welcome to the <b>routing</b> demo',
		'',
		'00:05.000 --> 00:07.250 align:start',
		'Here is the escalation timeline & its hand-offs',
		''
	].join('\r\n');

	it('reads cues (with and without hours, ids, settings and markup) and writes them back', () => {
		const parsed = parseWebVtt(VTT);
		expect(parsed).toEqual({
			cues: [
				{ startMs: 1000, endMs: 4500, text: 'Welcome to the routing demo' },
				{ startMs: 5000, endMs: 7250, text: 'Here is the escalation timeline & its hand-offs' }
			]
		});
		const written = writeWebVtt('cues' in parsed ? parsed.cues : []);
		expect(written).toContain(
			'00:00:05.000 --> 00:00:07.250\nHere is the escalation timeline &amp; its hand-offs'
		);
		expect(parseWebVtt(written)).toEqual(parsed);
		expect(parseWebVtt('1\n00:01.000 --> 00:02.000\nhi')).toEqual({
			error: 'That is not a WebVTT file: it must start with “WEBVTT”.'
		});
		expect(parseWebVtt('WEBVTT\n\nNOTE nothing')).toEqual({
			error: 'That WebVTT file has no captions in it.'
		});
	});

	it('presenters add captions to a recording; they are served back and found by search at their moment', async () => {
		const demoId = await liveDemo('Captioned demo');
		await endDemo(cast.presenter, demoId);
		const encode = (t: string) => new TextEncoder().encode(t);
		expect((await refusal(saveCaptions(cast.presenter, demoId, encode(VTT)))).message).toBe(
			'Add the recording first: captions go with it.'
		);
		await storeMediaFile({
			ownerId: cast.presenter,
			purpose: DEMO_RECORDING,
			bytes: seedRecording(),
			meta: { demoId: String(demoId), source: 'file' }
		});
		// The session starts 2 s into the recording: a cue at 5 s is 3 s into the session.
		await testDb.db.update(demo).set({ recordingOffsetMs: 2000 }).where(eq(demo.id, demoId));
		expect((await refusal(saveCaptions(cast.viewers[0], demoId, encode(VTT)))).message).toBe(
			'Only the presenters of this demo (or an admin) can do that.'
		);
		expect(
			(await refusal(saveCaptions(cast.presenter, demoId, encode('not captions')))).message
		).toMatch(/not a WebVTT file/);
		expect(await saveCaptions(cast.presenter, demoId, encode(VTT))).toBe(2);
		// A second file replaces the first.
		expect(await saveCaptions(cast.presenter, demoId, encode(VTT))).toBe(2);
		expect(await testDb.db.$count(demoCaptionCue, eq(demoCaptionCue.demoId, demoId))).toBe(2);
		expect(await captionsFile(demoId)).toMatch(/^WEBVTT\n\n00:00:01.000 --> 00:00:04.500\nWelcome/);

		const hits = await searchDemos('escalation timeline hand-offs');
		const hit = hits.find((h) => h.demoId === demoId);
		expect(hit).toMatchObject({ kind: 'caption', offsetMs: 3000 });
	});
});

describe('calendar address', () => {
	it('is a secret per person, replaced by a new one, revocable, and dead for a deactivated person', async () => {
		const first = await renewFeedToken(cast.viewers[1]);
		expect(await personByFeedToken(first)).toBe(cast.viewers[1]);
		const second = await renewFeedToken(cast.viewers[1]);
		expect(second).not.toBe(first);
		expect(await personByFeedToken(first)).toBeNull();
		expect(await personByFeedToken(second)).toBe(cast.viewers[1]);
		expect(await personByFeedToken('not a token')).toBeNull();

		await testDb.db.update(person).set({ active: false }).where(eq(person.id, cast.viewers[1]));
		expect(await personByFeedToken(second)).toBeNull();
		await testDb.db.update(person).set({ active: true }).where(eq(person.id, cast.viewers[1]));
		await revokeFeedToken(cast.viewers[1]);
		expect(await personByFeedToken(second)).toBeNull();
	});
});
