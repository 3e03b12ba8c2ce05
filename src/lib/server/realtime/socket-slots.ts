// The caps on open sockets per sign-in and per person. Counted on this node, and across
// every node when they share Redis: a sorted set per sign-in and per person holds each
// socket with a lease that its node renews, so a node that dies leaves nothing behind for
// longer than a lease. Without Redis, or while it is away, each node counts its own.
import type { Server, Socket } from 'socket.io';
import { logFor } from '../log';
import { liveLimits } from './limits';

const log = logFor('realtime');

/** How long a socket's place lasts without its node renewing it. */
const LEASE_MS = 60_000;
const RENEW_EVERY_MS = 20_000;
/** A handshake waits no longer than this for Redis before counting on this node only. */
const REDIS_WAIT_MS = 300;

/** The part of a node-redis client the slots use (the Redis adapter's publishing client). */
interface RedisCommands {
	isReady: boolean;
	eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

interface NodeSlots {
	sessions: Map<string, number>;
	people: Map<number, number>;
	/** This node's sockets counted in Redis: member → its two keys. */
	leased: Map<string, [string, string]>;
	renewal?: ReturnType<typeof setInterval>;
}

/** Per Socket.IO server: tests run several "nodes" in one process. */
const nodes = new WeakMap<Server, NodeSlots>();

// Drops expired places, refuses past either cap (1: sign-in, 2: person), else takes one.
const CLAIM = `
local now = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then return 1 end
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[5]) then return 2 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
redis.call('PEXPIREAT', KEYS[1], ARGV[2])
redis.call('PEXPIREAT', KEYS[2], ARGV[2])
return 0`;
const RELEASE = `redis.call('ZREM', KEYS[1], ARGV[1]) redis.call('ZREM', KEYS[2], ARGV[1]) return 0`;
// ARGV: the new expiry, then member, key, key for each place this node still holds.
const RENEW = `
for i = 2, #ARGV, 3 do
  redis.call('ZADD', ARGV[i + 1], 'XX', ARGV[1], ARGV[i])
  redis.call('ZADD', ARGV[i + 2], 'XX', ARGV[1], ARGV[i])
  redis.call('PEXPIREAT', ARGV[i + 1], ARGV[1])
  redis.call('PEXPIREAT', ARGV[i + 2], ARGV[1])
end
return 0`;

function slotsOf(io: Server): NodeSlots {
	let slots = nodes.get(io);
	if (!slots) {
		slots = { sessions: new Map(), people: new Map(), leased: new Map() };
		nodes.set(io, slots);
	}
	return slots;
}

function redisOf(io: Server): { redis: RedisCommands; prefix: string } | null {
	const shared = io as unknown as { redisCommands?: RedisCommands; redisPrefix?: string };
	if (!shared.redisCommands?.isReady) return null;
	return { redis: shared.redisCommands, prefix: shared.redisPrefix ?? 'tandem' };
}

function bump<K>(map: Map<K, number>, key: K, by: number): void {
	const next = (map.get(key) ?? 0) + by;
	if (next > 0) map.set(key, next);
	else map.delete(key);
}

const tooManyPerSession = () =>
	`At most ${liveLimits.socketsPerSession} live tabs per sign-in: close some tabs and reload.`;
const tooManyPerPerson = () =>
	`At most ${liveLimits.socketsPerPerson} live tabs per person: close some tabs and reload.`;

let reported = 0;
function reportRedis(err: unknown) {
	if (Date.now() - reported < 5_000) return;
	reported = Date.now();
	log.warn({ err }, 'socket caps counted on this node only: Redis did not answer');
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
		work.then(resolve, reject).finally(() => clearTimeout(timer));
	});
}

/** Takes a place in Redis; answers a refusal, or null (taken, or Redis unavailable). */
async function claimInRedis(io: Server, slots: NodeSlots, member: string, keys: [string, string]) {
	const shared = redisOf(io);
	if (!shared) return null;
	const now = Date.now();
	try {
		const args = [
			now,
			now + LEASE_MS,
			member,
			liveLimits.socketsPerSession,
			liveLimits.socketsPerPerson
		];
		const answer = await withTimeout(
			shared.redis.eval(CLAIM, { keys, arguments: args.map(String) }),
			REDIS_WAIT_MS
		);
		if (answer === 1) return tooManyPerSession();
		if (answer === 2) return tooManyPerPerson();
		slots.leased.set(member, keys);
		renewLeases(io, slots);
	} catch (err) {
		reportRedis(err);
	}
	return null;
}

/** Renews this node's places every 20 s while it holds any. */
function renewLeases(io: Server, slots: NodeSlots) {
	if (slots.renewal) return;
	slots.renewal = setInterval(() => {
		const shared = redisOf(io);
		if (slots.leased.size === 0) {
			clearInterval(slots.renewal);
			slots.renewal = undefined;
			return;
		}
		if (!shared) return;
		const args = [String(Date.now() + LEASE_MS)];
		for (const [member, [session, person]] of slots.leased) args.push(member, session, person);
		shared.redis.eval(RENEW, { keys: [], arguments: args }).catch(reportRedis);
	}, RENEW_EVERY_MS);
	slots.renewal.unref?.();
}

/**
 * Counts a handshaking socket against its session's and person's caps, or answers why it
 * may not open. The count is taken before the socket connects (so a burst of handshakes
 * cannot all slip under the cap) and given back once, when its connection closes.
 */
export async function claimSocketSlot(
	socket: Socket,
	sessionId: string,
	personId: number
): Promise<string | null> {
	const io = socket.nsp.server;
	const slots = slotsOf(io);
	if ((slots.sessions.get(sessionId) ?? 0) >= liveLimits.socketsPerSession)
		return tooManyPerSession();
	if ((slots.people.get(personId) ?? 0) >= liveLimits.socketsPerPerson) return tooManyPerPerson();
	bump(slots.sessions, sessionId, 1);
	bump(slots.people, personId, 1);
	const prefix = redisOf(io)?.prefix ?? 'tandem';
	const member = `${socket.id}`;
	const keys: [string, string] = [
		`${prefix}#sockets#session#${sessionId}`,
		`${prefix}#sockets#person#${personId}`
	];
	let released = false;
	const release = () => {
		if (released) return;
		released = true;
		bump(slots.sessions, sessionId, -1);
		bump(slots.people, personId, -1);
		if (!slots.leased.delete(member)) return;
		const shared = redisOf(io);
		shared?.redis.eval(RELEASE, { keys, arguments: [member] }).catch(reportRedis);
	};
	socket.conn.once('close', release);
	socket.once('disconnect', release);
	const refusal = await claimInRedis(io, slots, member, keys);
	if (refusal) release();
	return refusal;
}
