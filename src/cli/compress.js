// Compresses the production server's answers (HTML, JSON, JS, CSS, SVG above 1 KB) with
// brotli or gzip, as the browser's Accept-Encoding allows: pages are mostly text and were
// sent as is (the home page of a large team was 83 KB). The body is compressed as it is
// written and flushed after every write, so a streamed page still arrives piece by piece.
// Left alone: range requests and partial answers (video seeking counts bytes of the
// file), answers that carry an encoding already (adapter-node's precompressed assets),
// HEAD, and types that do not shrink (video, images). COMPRESSION=off leaves it to a proxy.
import { constants, createBrotliCompress, createGzip } from 'node:zlib';

/** Below this a compressed answer saves less than its headers and the CPU cost. */
const MIN_BYTES = 1024;
const COMPRESSIBLE = /^(text\/|application\/(json|javascript|xml|manifest\+json)|image\/svg\+xml)/i;

/**
 * The encoding to answer in, or null: brotli when accepted, then gzip.
 * @param {string | string[] | undefined} header
 */
export function chooseEncoding(header) {
	if (typeof header !== 'string' || !header) return null;
	/** @type {Map<string, number>} */
	const accepted = new Map();
	for (const part of header.split(',')) {
		const [name, ...params] = part.trim().toLowerCase().split(';');
		const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
		accepted.set(name, q ? Number(q.slice(2)) : 1);
	}
	const ok = (/** @type {string} */ name) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
	if (ok('br')) return 'br';
	if (ok('gzip')) return 'gzip';
	return null;
}

/**
 * Wraps a request listener (adapter-node's handler) so its answers are compressed.
 * @param {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, next?: () => void) => void} handler
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void}
 */
export function compressResponses(handler) {
	if (process.env.COMPRESSION === 'off') return handler;
	return (req, res) => {
		const encoding = chooseEncoding(req.headers['accept-encoding']);
		if (encoding && req.method !== 'HEAD' && !req.headers.range) compressOnWrite(res, encoding);
		handler(req, res);
	};
}

/**
 * Decides when the status and headers are known (writeHead, or the first write) whether
 * this answer is compressed; if so, the body goes through a compressor.
 * @param {import('node:http').ServerResponse} res
 * @param {'br' | 'gzip'} encoding
 */
function compressOnWrite(res, encoding) {
	// The originals, called with whatever arguments the handler gave (their overloads vary).
	/** @type {(...args: any[]) => any} */
	const writeHead = res.writeHead;
	/** @type {(...args: any[]) => boolean} */
	const write = res.write;
	/** @type {(...args: any[]) => any} */
	const end = res.end;
	/** @type {import('node:zlib').Gzip | import('node:zlib').BrotliCompress | null} */
	let compressor = null;
	let decided = false;

	const decide = () => {
		if (decided) return;
		decided = true;
		const type = String(res.getHeader('content-type') ?? '');
		const length = Number(res.getHeader('content-length') ?? Infinity);
		const cacheControl = String(res.getHeader('cache-control') ?? '');
		if (
			res.statusCode !== 200 ||
			res.getHeader('content-encoding') ||
			!COMPRESSIBLE.test(type) ||
			length < MIN_BYTES ||
			/no-transform/i.test(cacheControl)
		) {
			return;
		}
		res.removeHeader('content-length');
		res.setHeader('content-encoding', encoding);
		const vary = String(res.getHeader('vary') ?? '');
		if (!/accept-encoding|\*/i.test(vary)) {
			res.setHeader('vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
		}
		compressor =
			encoding === 'br'
				? createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 4 } })
				: createGzip({ level: 6 });
		const out = compressor;
		out.on('data', (chunk) => {
			if (!write.call(res, chunk)) {
				out.pause();
				res.once('drain', () => out.resume());
			}
		});
		out.on('end', () => end.call(res));
		out.on('drain', () => res.emit('drain'));
		res.once('close', () => out.destroy());
	};

	/** @type {any} */
	const patched = res;
	patched.writeHead = function (/** @type {number} */ status, /** @type {any[]} */ ...rest) {
		// Headers given to writeHead directly (sirv does so) are set first, to be seen.
		const headers = rest.find((arg) => arg && typeof arg === 'object');
		if (headers && !Array.isArray(headers)) {
			for (const [key, value] of Object.entries(headers)) res.setHeader(key, value);
		}
		res.statusCode = status;
		decide();
		const message = rest.find((arg) => typeof arg === 'string');
		return message ? writeHead.call(res, status, message) : writeHead.call(res, status);
	};
	patched.write = function (/** @type {any} */ chunk, /** @type {any[]} */ ...rest) {
		decide();
		if (!compressor) return write.call(res, chunk, ...rest);
		const callback = rest.find((arg) => typeof arg === 'function');
		const encodingArg = /** @type {BufferEncoding | undefined} */ (
			rest.find((arg) => typeof arg === 'string')
		);
		const accepted = compressor.write(
			typeof chunk === 'string' ? Buffer.from(chunk, encodingArg) : chunk,
			callback
		);
		compressor.flush(encoding === 'br' ? constants.BROTLI_OPERATION_FLUSH : constants.Z_SYNC_FLUSH);
		return accepted;
	};
	patched.end = function (/** @type {any[]} */ ...args) {
		/** @type {any} */
		const body = args.find((arg) => typeof arg === 'string' || ArrayBuffer.isView(arg));
		// A whole body given at once has a known size: small ones are not worth it.
		if (!decided && body !== undefined && !res.headersSent && !res.hasHeader('content-length')) {
			res.setHeader('content-length', Buffer.byteLength(body));
		}
		decide();
		if (!compressor) return end.apply(res, /** @type {any} */ (args));
		const callback = args.find((arg) => typeof arg === 'function');
		if (callback) res.once('finish', callback);
		if (body !== undefined) compressor.end(typeof body === 'string' ? Buffer.from(body) : body);
		else compressor.end();
		return res;
	};
}
