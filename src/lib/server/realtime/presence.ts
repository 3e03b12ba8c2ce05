import {
	PRESENCE_LIST_LIMIT,
	type PresenceMember,
	type PresenceSnapshot,
	type PresenceUpdate
} from '$lib/realtime/contract';
import type { SocketData } from './auth';
import type { LiveServer, LiveSocket } from './io';
import { logFor } from '../log';

const log = logFor('realtime');

// Presence without the square of the room's size: each node keeps, per room, its own
// sockets' people (who joined, how many tabs). A join or leave changes that map in O(1)
// and, a moment later, the room hears one coalesced delta (who arrived, who left), or
// only the count once the room is too large to list. The full answer (`room:presence`)
// is read across every node with the adapter's fetchSockets, cached per room, so a crowd
// asking at once costs one read, not one each.

/** A room's people on this node: person id → their member entry and open tabs here. */
type LocalRoom = Map<number, { member: PresenceMember; sockets: Set<string> }>;

interface PendingChange {
	joined: Map<number, PresenceMember>;
	left: Set<number>;
}

interface CachedSnapshot {
	snapshot: PresenceSnapshot;
	at: number;
	/** `versions` of the room when it was read: a local change since makes it stale. */
	version: number;
}

/** Coalesces changes so a busy room gets at most a few presence updates a second. */
const PRESENCE_DELAY_MS = 300;
/** A large room only hears its count, and at most this often. */
const LARGE_ROOM_DELAY_MS = 2_000;
/** A large room's cached answer is reused this long even when people joined since. */
const SNAPSHOT_MIN_AGE_MS = 250;
/** …and at most this long however quiet the room (another node's people may have gone). */
const SNAPSHOT_MAX_AGE_MS = 5_000;

/** One server's presence (a test may run several nodes in one process). */
interface NodePresence {
	local: Map<string, LocalRoom>;
	pending: Map<string, PendingChange>;
	versions: Map<string, number>;
	cache: Map<string, CachedSnapshot>;
	reading: Map<string, Promise<PresenceSnapshot>>;
	/** Rooms this node last described as too large to list (so a shrink sends the list). */
	large: Set<string>;
}

const nodes = new WeakMap<LiveServer, NodePresence>();
/** Every node's announcements not yet sent, so a shutdown can drop them all. */
const timers = new Set<ReturnType<typeof setTimeout>>();

function stateOf(io: LiveServer): NodePresence {
	let state = nodes.get(io);
	if (!state) {
		state = {
			local: new Map(),
			pending: new Map(),
			versions: new Map(),
			cache: new Map(),
			reading: new Map(),
			large: new Set()
		};
		nodes.set(io, state);
	}
	return state;
}

let rooms: (room: string) => boolean = () => true;

/** A room every socket of one person is in: asked when they leave a room on this node. */
export function personRoom(personId: number): string {
	// `~` is not allowed in a room a client names, so no client can join or ask for it.
	return `person~${personId}`;
}

/** Which rooms push presence to their members (others answer `room:presence` only). */
export function pushPresenceIn(predicate: (room: string) => boolean): void {
	rooms = predicate;
}

const collator = new Intl.Collator('en');
const byName = (a: PresenceMember, b: PresenceMember) => collator.compare(a.name, b.name);

function memberOf(data: SocketData | undefined): PresenceMember | null {
	if (!data?.person) return null;
	const { id, name, departmentKind } = data.person;
	return { personId: id, name, departmentKind };
}

/** The first `limit` of `members` by name, without sorting them all. */
function firstByName(members: Iterable<PresenceMember>, limit: number): PresenceMember[] {
	const top: PresenceMember[] = [];
	for (const member of members) {
		if (top.length === limit && byName(member, top[limit - 1]) >= 0) continue;
		let at = top.length;
		while (at > 0 && byName(member, top[at - 1]) < 0) at--;
		top.splice(at, 0, member);
		if (top.length > limit) top.pop();
	}
	return top;
}

/** Reads who is in a room across every node (a dead node's sockets drop out with it). */
async function readRoom(io: LiveServer, room: string): Promise<PresenceSnapshot> {
	const sockets = await io.in(room).fetchSockets();
	const members = new Map<number, PresenceMember>();
	for (const socket of sockets) {
		const member = memberOf(socket.data);
		if (member && !members.has(member.personId)) members.set(member.personId, member);
	}
	return { members: firstByName(members.values(), PRESENCE_LIST_LIMIT), count: members.size };
}

/**
 * Who is in a room now, across every node: one entry per person however many tabs they
 * have open, the first `PRESENCE_LIST_LIMIT` by name and the count of all of them.
 * A large room's answer is cached: a join storm reads it a few times a second, not once
 * per joiner.
 */
export async function roomPresence(io: LiveServer, room: string): Promise<PresenceSnapshot> {
	const { cache, versions, reading } = stateOf(io);
	const cached = cache.get(room);
	const age = cached ? Date.now() - cached.at : Infinity;
	const version = versions.get(room) ?? 0;
	// A small room is read each time (cheap, and a node that died drops out at once); a
	// large one again after a local change, at most every 250 ms, or after 5 s.
	const fresh = cached?.version === version && age < SNAPSHOT_MAX_AGE_MS;
	if (cached && cached.snapshot.count > PRESENCE_LIST_LIMIT && (fresh || age < SNAPSHOT_MIN_AGE_MS))
		return cached.snapshot;
	let read = reading.get(room);
	if (!read) {
		const at = Date.now();
		read = readRoom(io, room)
			.then((snapshot) => {
				cache.set(room, { snapshot, at, version });
				return snapshot;
			})
			.finally(() => reading.delete(room));
		reading.set(room, read);
	}
	return read;
}

/** The members listed for a room (see `roomPresence`). */
export async function roomMembers(io: LiveServer, room: string): Promise<PresenceMember[]> {
	return (await roomPresence(io, room)).members;
}

function touch(state: NodePresence, room: string): void {
	state.versions.set(room, (state.versions.get(room) ?? 0) + 1);
}

function changeOf(io: LiveServer, state: NodePresence, room: string): PendingChange | null {
	if (!rooms(room)) return null;
	let change = state.pending.get(room);
	if (!change) {
		const delay = state.large.has(room) ? LARGE_ROOM_DELAY_MS : PRESENCE_DELAY_MS;
		const timer = setTimeout(() => {
			timers.delete(timer);
			void announce(io, room);
		}, delay);
		timers.add(timer);
		change = {
			joined: new Map(),
			left: new Set()
		};
		state.pending.set(room, change);
	}
	return change;
}

/** Counts a socket that joined `room` on this node; its person's first tab is announced. */
export function presenceJoined(io: LiveServer, socket: LiveSocket, room: string): void {
	const member = memberOf(socket.data);
	if (!member) return;
	const state = stateOf(io);
	let people = state.local.get(room);
	if (!people) state.local.set(room, (people = new Map()));
	const entry = people.get(member.personId);
	if (entry) {
		entry.sockets.add(socket.id);
		return;
	}
	people.set(member.personId, { member, sockets: new Set([socket.id]) });
	touch(state, room);
	const change = changeOf(io, state, room);
	change?.left.delete(member.personId);
	change?.joined.set(member.personId, member);
}

/** Counts a socket that left `room` (or is disconnecting); a person's last tab is announced. */
export function presenceLeft(io: LiveServer, socket: LiveSocket, room: string): void {
	const personId = socket.data?.person?.id;
	if (personId === undefined) return;
	const state = stateOf(io);
	const people = state.local.get(room);
	const entry = people?.get(personId);
	if (!people || !entry || !entry.sockets.delete(socket.id) || entry.sockets.size > 0) return;
	people.delete(personId);
	if (people.size === 0) state.local.delete(room);
	touch(state, room);
	const change = changeOf(io, state, room);
	// Named as gone even if their arrival was never announced: someone asking in between
	// may have seen them.
	change?.joined.delete(personId);
	change?.left.add(personId);
}

/** Whether a person still has a tab in `room` on any node (their other tabs may be elsewhere). */
async function stillIn(io: LiveServer, personId: number, room: string): Promise<boolean> {
	if (stateOf(io).local.get(room)?.has(personId)) return true;
	const sockets = await io.in(personRoom(personId)).fetchSockets();
	return sockets.some((socket) => socket.rooms.has(room));
}

/** Tells a room's members what changed: a delta, the whole list, or (large rooms) the count. */
async function announce(io: LiveServer, room: string): Promise<void> {
	const state = stateOf(io);
	const change = state.pending.get(room);
	state.pending.delete(room);
	if (!change) return;
	try {
		const snapshot = await roomPresence(io, room);
		let update: PresenceUpdate;
		if (snapshot.count > PRESENCE_LIST_LIMIT) {
			state.large.add(room);
			update = { room, count: snapshot.count };
		} else if (state.large.delete(room)) {
			update = { room, count: snapshot.count, members: snapshot.members };
		} else {
			const left: number[] = [];
			for (const personId of change.left)
				if (!(await stillIn(io, personId, room))) left.push(personId);
			const here = state.local.get(room);
			const joined = [...change.joined.values()].filter((m) => here?.has(m.personId));
			if (joined.length === 0 && left.length === 0) return;
			update = { room, count: snapshot.count, joined, left };
		}
		io.to(room).emit('room:presence', update);
	} catch (err) {
		log.error({ err, room }, 'presence announcement failed');
	}
}

/** Drops announcements not yet sent (on shutdown, before the adapter's clients close). */
export function cancelPresenceAnnouncements(): void {
	for (const timer of timers) clearTimeout(timer);
	timers.clear();
}
