// The production server as `npm start` runs it (built app, src/cli/start.js): answers are
// compressed for browsers that accept it, video ranges never are, the home page names a
// few teammates of a large team and links to the rest, and with OTEL_EXPORTER_OTLP_ENDPOINT
// set its spans reach an OTLP/HTTP receiver started here.
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installDatabase, openDatabase, rowsOf } from '../../src/lib/server/db/client';
import { migrateDatabase } from '../../src/lib/server/db/migrate';
import { DEMO_ADMIN_EMAIL, seedDemoWorkspace } from '../../src/lib/server/seed';
import { createSession, generateSessionToken, SESSION_COOKIE } from '../../src/lib/server/auth';
import { installMediaStore, openMediaStore, storeMediaFile } from '../../src/lib/server/media';
import { mediaConfig } from '../../src/lib/server/config';
import { person } from '../../src/lib/server/org/schema';
import { startBuiltApp, type BuiltApp } from '../load/built-app';
import { webmLike } from '../helpers/media';

process.env.MEDIA_FFMPEG = 'off';
const EXTRA_TEAMMATES = 30;

let work: string;
let app: BuiltApp;
let receiver: Server;
let cookie: string;
let mediaId: number;
let teamId: number;
let teamName: string;
const video = webmLike(200_000, 3);
/** Every span the receiver was sent, with its attributes as a plain object. */
const spans: { name: string; attributes: Record<string, unknown> }[] = [];

function get(path: string, headers: Record<string, string> = {}) {
	return new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>(
		(resolve, reject) => {
			const req = request(`${app.url}${path}`, { headers: { cookie, ...headers } }, (res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () =>
					resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) })
				);
			});
			req.on('error', reject);
			req.end();
		}
	);
}

/** A plain OTLP/HTTP (JSON) trace receiver. */
function startReceiver(): Promise<string> {
	receiver = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			if (req.url === '/v1/traces') {
				const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
				for (const rs of body.resourceSpans ?? [])
					for (const ss of rs.scopeSpans ?? [])
						for (const span of ss.spans ?? [])
							spans.push({
								name: span.name,
								attributes: Object.fromEntries(
									(span.attributes ?? []).map((a: { key: string; value: object }) => [
										a.key,
										Object.values(a.value)[0]
									])
								)
							});
			}
			res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
		});
	});
	return new Promise((resolve) =>
		receiver.listen(0, '127.0.0.1', () => {
			const address = receiver.address() as { port: number };
			resolve(`http://127.0.0.1:${address.port}`);
		})
	);
}

beforeAll(async () => {
	work = await mkdtemp(join(tmpdir(), 'tandem-serving-test-'));
	const dataDir = join(work, 'data');
	const db = await openDatabase({ dataDir, poolSize: 1 });
	await migrateDatabase(db);
	installDatabase(db);
	installMediaStore(openMediaStore({ ...mediaConfig(), directory: join(dataDir, 'media') }));
	await seedDemoWorkspace();
	const [admin] = await rowsOf<{ id: number; teamId: number; teamName: string }>(
		db.db,
		sql`select p.id, p.team_id as "teamId", t.name as "teamName"
			from person p join team t on t.id = p.team_id where p.email = ${DEMO_ADMIN_EMAIL}`
	);
	teamId = admin.teamId;
	teamName = admin.teamName;
	await db.db.insert(person).values(
		Array.from({ length: EXTRA_TEAMMATES }, (_, i) => ({
			name: `Zed Teammate ${String(i).padStart(2, '0')}`,
			email: `teammate${i}@serving.test`,
			passwordHash: 'x',
			teamId
		}))
	);
	const token = generateSessionToken();
	await createSession(token, admin.id);
	cookie = `${SESSION_COOKIE}=${token}`;
	mediaId = (await storeMediaFile({ ownerId: admin.id, purpose: 'demo', bytes: video })).id;
	await db.close();

	const endpoint = await startReceiver();
	app = await startBuiltApp({
		DATA_DIR: dataDir,
		MEDIA_FFMPEG: 'off',
		OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
		OTEL_BSP_SCHEDULE_DELAY: '200'
	});
}, 300_000);

afterAll(async () => {
	await app?.stop();
	receiver?.close();
	if (work) await rm(work, { recursive: true, force: true });
});

/** The page with its per-request nonces blanked, to compare two answers. */
const stable = (html: string) => html.replace(/nonce(=|-)"?[A-Za-z0-9+/=_-]+"?/g, 'nonce');

describe('compression', () => {
	it('sends the home page brotli- or gzip-compressed, decoding to the same page', async () => {
		const plain = await get('/', { 'accept-encoding': 'identity' });
		expect(plain.status).toBe(200);
		expect(plain.headers['content-encoding']).toBeUndefined();
		const br = await get('/', { 'accept-encoding': 'gzip, deflate, br' });
		expect(br.headers['content-encoding']).toBe('br');
		expect(br.headers.vary).toMatch(/Accept-Encoding/i);
		const gz = await get('/', { 'accept-encoding': 'gzip' });
		expect(gz.headers['content-encoding']).toBe('gzip');
		const html = plain.body.toString('utf8');
		expect(stable(brotliDecompressSync(br.body).toString('utf8'))).toBe(stable(html));
		expect(stable(gunzipSync(gz.body).toString('utf8'))).toBe(stable(html));
		expect(br.body.byteLength).toBeLessThan(plain.body.byteLength / 3);
	});

	it('sends a video range as the file bytes, never compressed', async () => {
		const part = await get(`/media/${mediaId}`, {
			'accept-encoding': 'gzip, br',
			range: 'bytes=1000-5999'
		});
		expect(part.status).toBe(206);
		expect(part.headers['content-encoding']).toBeUndefined();
		expect(new Uint8Array(part.body)).toEqual(video.subarray(1000, 6000));
	});
});

describe('the home page of a large team', () => {
	it('names twelve teammates and links to everyone else', async () => {
		const html = (await get('/', { 'accept-encoding': 'identity' })).body.toString('utf8');
		const section = html.slice(
			html.indexOf('id="team-heading"'),
			html.indexOf('</section>', html.indexOf('id="team-heading"'))
		);
		expect(section.split('<li').length - 1).toBe(12);
		const directory = (await get(`/people?team=${teamId}`)).body.toString('utf8');
		// The directory lists the whole team: the 30 added and the demo members.
		expect(new Set(directory.match(/Zed Teammate \d\d/g)).size).toBe(EXTRA_TEAMMATES);
		const inTeam = Number(directory.match(/(\d+)\s*people\s*match in/)![1]);
		expect(inTeam).toBeGreaterThan(EXTRA_TEAMMATES);
		// Everyone but the signed-in admin, less the twelve named.
		expect(section).toMatch(new RegExp(`and ${inTeam - 1 - 12} more in ${teamName}`));
		expect(section).toContain(`href="/people?team=${teamId}"`);
	});

	it('answers 404 for a team that does not exist', async () => {
		expect((await get('/people?team=999999')).status).toBe(404);
		expect((await get('/people?team=abc')).status).toBe(404);
	});
});

describe('tracing', () => {
	it('sends spans with the route to the OTLP endpoint', async () => {
		await get('/kudos', { 'accept-encoding': 'identity' });
		await expect
			.poll(
				() =>
					spans
						.filter((s) => s.name === 'sveltekit.handle.root')
						.map((s) => s.attributes['http.route']),
				{ timeout: 15_000, interval: 250 }
			)
			.toContain('/(app)/kudos');
		const load = spans.find(
			(s) => s.name === 'sveltekit.load' && s.attributes['http.route'] === '/(app)/kudos'
		);
		expect(load).toBeDefined();
	});
});
