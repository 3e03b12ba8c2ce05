// Real parts for the media tests: an HTTP server that answers tus requests with the app's
// own handler, an S3-compatible server (s3rver) on a free port, and video-shaped bytes.
import { createServer, type Server } from 'node:http';
import { mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import S3rver from 's3rver';
import { handleUpload, mediaResponse } from '../../src/lib/server/media';

/** The header the test server reads the uploader from (the app reads the session). */
export const PERSON_HEADER = 'x-test-person';

export interface UploadServer {
	endpoint: string;
	origin: string;
	close(): Promise<void>;
}

/**
 * Serves /api/uploads with the app's tus handler (the uploader comes from a header) and
 * /media/<id> with the app's ranged responses, streamed as the app streams them.
 */
export async function startUploadServer(): Promise<UploadServer> {
	const server: Server = createServer(async (req, res) => {
		const url = `http://127.0.0.1${req.url}`;
		const hasBody = req.method === 'POST' || req.method === 'PATCH';
		const headers = new Headers();
		for (const [name, value] of Object.entries(req.headers)) {
			if (typeof value === 'string') headers.set(name, value);
		}
		const request = new Request(url, {
			method: req.method,
			headers,
			body: hasBody ? (Readable.toWeb(req) as ReadableStream) : undefined,
			// @ts-expect-error Node's fetch needs this for a streamed body; the DOM types lack it.
			duplex: 'half'
		});
		const personId = Number(req.headers[PERSON_HEADER]) || null;
		const media = /^\/media\/(\d+)$/.exec(req.url ?? '');
		try {
			const response = media
				? await mediaResponse(request, Number(media[1]))
				: await handleUpload(request, personId);
			res.writeHead(response.status, Object.fromEntries(response.headers));
			if (!response.body) return void res.end();
			const body = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream);
			res.on('close', () => body.destroy());
			body.pipe(res);
		} catch (err) {
			res.writeHead(500).end(String(err));
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		endpoint: `http://127.0.0.1:${port}/api/uploads`,
		origin: `http://127.0.0.1:${port}`,
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			})
	};
}

export interface S3Server {
	endpoint: string;
	bucket: string;
	close(): Promise<void>;
}

/** A real S3-compatible server on a free port, with one empty bucket. */
export async function startS3Server(): Promise<S3Server> {
	const directory = await mkdtemp(join(tmpdir(), 'tandem-s3-'));
	const bucket = 'tandem-media';
	const s3 = new S3rver({
		port: 0,
		address: '127.0.0.1',
		silent: true,
		directory,
		configureBuckets: [{ name: bucket, configs: [] }]
	});
	addListParts(s3);
	const address = (await s3.run()) as AddressInfo;
	return {
		endpoint: `http://127.0.0.1:${address.port}`,
		bucket,
		close: () => s3.close()
	};
}

/** Bytes that start like a WebM file (an EBML header) followed by `size` pseudo-random bytes. */
export function webmLike(size: number, seed = 7): Uint8Array {
	const bytes = new Uint8Array(size);
	let x = seed;
	for (let i = 0; i < size; i++) {
		x = (x * 1103515245 + 12345) & 0x7fffffff;
		bytes[i] = x >>> 16;
	}
	bytes.set([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01], 0);
	return bytes;
}

/** An MP4's first box: size, then `ftyp`, then the brand. */
export function mp4Like(size: number): Uint8Array {
	const bytes = webmLike(size, 11);
	bytes.set([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d], 0);
	return bytes;
}

interface KoaContext {
	method: string;
	path: string;
	query: Record<string, string | undefined>;
	status: number;
	type: string;
	body: string;
}

/**
 * s3rver 3 implements multipart uploads but not ListParts (GET ?uploadId=), which tus's
 * S3 store calls on every request to learn an upload's offset. This middleware answers it
 * from the parts s3rver keeps on disk, the way S3 does, so the store runs unchanged.
 */
function addListParts(s3: S3rver): void {
	const server = s3 as unknown as {
		middleware: ((ctx: KoaContext, next: () => Promise<void>) => Promise<void>)[];
		store: { getResourcePath(bucket: string, key: undefined, resource: string): string };
	};
	server.middleware.unshift(async (ctx, next) => {
		const uploadId = ctx.query.uploadId;
		if (ctx.method !== 'GET' || !uploadId) return next();
		const [, bucket, ...key] = ctx.path.split('/');
		const dir = join(server.store.getResourcePath(bucket, undefined, 'uploads'), uploadId);
		let names: string[];
		try {
			names = await readdir(dir);
		} catch {
			ctx.status = 404;
			ctx.type = 'application/xml';
			ctx.body = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message></Error>`;
			return;
		}
		const numbers = names
			.filter((n) => /^\d+$/.test(n))
			.map(Number)
			.sort((a, b) => a - b);
		const parts = await Promise.all(
			numbers.map(async (n) => {
				const size = (await stat(join(dir, String(n)))).size;
				const md5 = (await readFile(join(dir, `${n}.md5`), 'utf8').catch(() => '')).trim();
				return `<Part><PartNumber>${n}</PartNumber><ETag>"${md5}"</ETag><Size>${size}</Size></Part>`;
			})
		);
		ctx.status = 200;
		ctx.type = 'application/xml';
		ctx.body =
			`<?xml version="1.0" encoding="UTF-8"?><ListPartsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">` +
			`<Bucket>${bucket}</Bucket><Key>${key.join('/')}</Key><UploadId>${uploadId}</UploadId>` +
			`<MaxParts>1000</MaxParts><IsTruncated>false</IsTruncated>${parts.join('')}</ListPartsResult>`;
	});
}
