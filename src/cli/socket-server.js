// Creates the one Socket.IO server next to an http server: Vite's dev and preview servers
// (the plugin in vite.config.ts) or the production server (start.js). Plain Node, so it
// cannot import $lib: the app plugs its authentication and handlers in through
// globalThis (src/lib/server/realtime/server.ts), and can swap them on hot reload.
import { Server } from 'socket.io';
import { processLogger } from '../lib/server/logger.js';

const log = processLogger().child({ module: 'realtime' });

const IO_KEY = Symbol.for('tandem.io');
const APP_KEY = Symbol.for('tandem.realtimeApp');
const SHUTDOWN_KEY = Symbol.for('tandem.shutdownHooks');
const shared = /** @type {Record<symbol, any>} */ (/** @type {unknown} */ (globalThis));

/**
 * A browser sends Origin on every cross-site request: refuse foreign ones before the
 * handshake. Allowed: ORIGIN when set, otherwise the origin of the Host the request used.
 * @param {import('node:http').IncomingMessage} req
 */
function originAllowed(req) {
	const origin = req.headers.origin;
	if (!origin) return true;
	const allowed = process.env.ORIGIN
		? process.env.ORIGIN.split(',').map((o) => o.trim())
		: [`http://${req.headers.host}`, `https://${req.headers.host}`];
	return allowed.includes(origin);
}

/**
 * Attaches Socket.IO to `httpServer` (once per http server) and, with a Redis URL
 * (REDIS_URL by default), connects it to the other nodes through the Redis adapter.
 * Nodes of one deployment share `redisPrefix` (REDIS_PREFIX, default `tandem`).
 * `websocketOnly` refuses HTTP long-polling: worker processes sharing one port take
 * connections in turn, so a polling client's next request could reach another worker.
 * @param {import('node:http').Server} httpServer
 * @param {{ redisUrl?: string, redisPrefix?: string, websocketOnly?: boolean }} [options]
 * @returns {Promise<Server>}
 */
export async function attachSocketServer(
	httpServer,
	{
		redisUrl = process.env.REDIS_URL,
		redisPrefix = process.env.REDIS_PREFIX || 'tandem',
		websocketOnly = false
	} = {}
) {
	const existing = shared[IO_KEY];
	if (existing && existing.httpServer === httpServer) return existing;

	const io = new Server(httpServer, {
		path: '/socket.io',
		serveClient: false,
		pingInterval: 10_000,
		pingTimeout: 5_000,
		maxHttpBufferSize: 256 * 1024,
		transports: websocketOnly ? ['websocket'] : ['polling', 'websocket'],
		allowRequest: (req, callback) => callback(null, originAllowed(req))
	});
	// Keep a handle to which http server this io belongs to (dev restarts make new ones).
	Object.defineProperty(io, 'httpServer', { value: httpServer });

	if (redisUrl) await useRedisAdapter(io, redisUrl, redisPrefix);

	// Nobody gets in until the app has registered its authentication.
	io.use((socket, next) => {
		const app = shared[APP_KEY];
		if (!app) return next(new Error('unavailable'));
		app.authenticate(socket, next);
	});
	io.on('connection', (socket) => shared[APP_KEY]?.onConnection(socket));

	shared[IO_KEY] = io;
	shared[APP_KEY]?.onServer?.(io);
	return io;
}

/**
 * @param {Server} io
 * @param {string} url
 * @param {string} prefix
 */
async function useRedisAdapter(io, url, prefix) {
	const { createAdapter } = await import('@socket.io/redis-adapter');
	const { createClient } = await import('redis');
	const pub = createClient({
		url,
		// Back within half a second of Redis returning, however long it was away.
		socket: { reconnectStrategy: (retries) => Math.min(100 * (retries + 1), 500) },
		// While Redis is away a broadcast fails at once instead of queueing without limit;
		// clients recover what they missed from the room event log.
		disableOfflineQueue: true
	});
	const sub = pub.duplicate();
	let reported = 0;
	/** @param {Error} err */
	const report = (err) => {
		// One line every 5 s at most: a Redis outage is not a reason to flood the log.
		if (Date.now() - reported < 5_000) return;
		reported = Date.now();
		log.error(`redis: ${err.message}`);
	};
	pub.on('error', report);
	sub.on('error', report);
	// The adapter publishes without awaiting: a rejected publish (Redis away, command timed
	// out) would be an unhandled rejection, which ends a Node process. Contain it here.
	const publish = pub.publish.bind(pub);
	Object.defineProperty(pub, 'publish', {
		/** @param {Parameters<typeof publish>} args */
		value: (...args) => publish(...args).catch((/** @type {Error} */ err) => (report(err), 0))
	});
	await Promise.all([pub.connect(), sub.connect()]);
	io.adapter(createAdapter(pub, sub, { key: `${prefix}#socket.io` }));
	const quit = async () => {
		await Promise.allSettled([pub.quit(), sub.quit()]);
	};
	Object.defineProperty(io, 'closeRedis', { value: quit });
	// The socket caps count every node's sockets in Redis (src/lib/server/realtime/socket-slots.ts).
	Object.defineProperty(io, 'redisCommands', { value: pub });
	Object.defineProperty(io, 'redisPrefix', { value: prefix });
	// Read by /readyz and /api/health (src/lib/server/resilience/checks.ts).
	Object.defineProperty(io, 'redisReady', { get: () => pub.isReady && sub.isReady });
	const hooks = (shared[SHUTDOWN_KEY] ??= new Map());
	hooks.set('redis-adapter', quit);
	log.info('Redis adapter connected: broadcasts reach every node');
}

/**
 * Closes every connection and the server (used on shutdown).
 * @returns {Promise<void>}
 */
export function closeSocketServer() {
	const io = shared[IO_KEY];
	if (!io) return Promise.resolve();
	shared[IO_KEY] = undefined;
	// Closing the engine drops the transports: clients see "transport close" and reconnect
	// (to this node once restarted, or another one). disconnectSockets() would tell them
	// the server ended the session on purpose, and they would not come back.
	return new Promise((resolve) => io.close(() => resolve(undefined)));
}
