// The browser side of the live layer: one socket per tab, a feed per joined room that
// applies events strictly in seq order and catches up after gaps and reconnects.
import { io, type Socket } from 'socket.io-client';
import {
	ROOMS_PER_BATCH,
	SOCKET_PATH,
	type Ack,
	type AnswerOf,
	type ClientToServerEvents,
	type CommandResult,
	type HandshakeRefusal,
	type JoinResult,
	type PresenceSnapshot,
	type PresenceUpdate,
	type RequestName,
	type RequestOf,
	type RoomEvent,
	type RoomEventIn,
	type RoomName,
	type ServerToClientEvents
} from './contract';
import { FeedOrder } from './feed-order';
import { applyPresence, NOBODY } from './presence';

/** A catch-up page refused as too fast is asked again after this long, a few times. */
const PAGE_RETRY_MS = 400;
const PAGE_RETRIES = 10;

export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting' | 'offline';

/** What the connection needs of a joined room's feed (any room's). */
interface AttachedFeed {
	readonly room: string;
	readonly position: number | undefined;
	presenceChanged(update: PresenceUpdate): void;
	join(): Promise<void>;
	answered(answer: Ack<JoinResult>): Promise<void>;
	receive(event: RoomEvent): void;
}

/** The tab's one socket and its status, shown by the layout. */
export class LiveConnection {
	status = $state<ConnectionStatus>('connecting');
	/** Set when the server ended this session (signed out elsewhere, deactivated). */
	sessionEnded = $state(false);
	/** Why the server refused this tab a live connection (too many tabs), if it did. */
	refusal = $state<string | null>(null);
	readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
	// Bookkeeping, not state the UI renders: a plain Map on purpose.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	private readonly feeds = new Map<string, AttachedFeed>();

	constructor() {
		this.socket = io({
			path: SOCKET_PATH,
			transports: ['websocket', 'polling'],
			// After a server restart every tab reconnects: random delays, growing to at most
			// 8 s, spread them out instead of all arriving in the same instant.
			reconnectionDelay: 1_000,
			reconnectionDelayMax: 8_000,
			randomizationFactor: 0.5
		});
		this.socket.on('connect', () => {
			this.status = 'live';
			this.refusal = null;
			void this.joinAll([...this.feeds.values()]);
		});
		this.socket.on('disconnect', () => {
			this.status = navigator.onLine ? 'reconnecting' : 'offline';
		});
		this.socket.io.on('reconnect_attempt', () => {
			this.status = navigator.onLine ? 'reconnecting' : 'offline';
		});
		this.socket.on('connect_error', (err: Error & { data?: { message?: string } }) => {
			this.status = navigator.onLine ? 'reconnecting' : 'offline';
			const refused = err.message as HandshakeRefusal;
			// Refused for too many tabs: socket.io does not retry a refusal by itself.
			if (refused === 'too_many_sockets') {
				this.status = 'offline';
				this.refusal = err.data?.message ?? 'Too many live tabs are open.';
			}
			// Refused by the server's middleware ("unavailable": the database could not check
			// the session) the client does not retry by itself; the outage is temporary.
			if (!this.socket.active && refused === 'unavailable') {
				setTimeout(() => this.socket.connect(), 2_000 + Math.random() * 2_000);
			}
		});
		this.socket.on('session:ended', () => {
			this.sessionEnded = true;
		});
		this.socket.on('room:event', (event) => this.feeds.get(event.room)?.receive(event));
		this.socket.on('room:frame', (frame) => {
			const feed = this.feeds.get(frame.room);
			for (const event of frame.events) feed?.receive(event);
		});
		this.socket.on('room:presence', (update) => {
			this.feeds.get(update.room)?.presenceChanged(update);
		});
		addEventListener('offline', () => (this.status = 'offline'));
		addEventListener('online', () => {
			if (!this.socket.connected) this.status = 'reconnecting';
		});
	}

	attach(feed: AttachedFeed): void {
		this.feeds.set(feed.room, feed);
		if (this.socket.connected) void feed.join();
	}

	detach(feed: AttachedFeed): void {
		if (this.feeds.get(feed.room) !== feed) return;
		this.feeds.delete(feed.room);
		if (this.socket.connected) this.socket.emit('room:leave', { room: feed.room });
	}

	/**
	 * Joins several rooms in few requests (a reconnect rejoins all of a tab's rooms at
	 * once), each feed catching up from its own position.
	 */
	private async joinAll(feeds: AttachedFeed[]): Promise<void> {
		for (let i = 0; i < feeds.length; i += ROOMS_PER_BATCH) {
			const batch = feeds.slice(i, i + ROOMS_PER_BATCH);
			const answer = await this.request('room:join-many', {
				rooms: batch.map((feed) => ({ room: feed.room, after: feed.position }))
			});
			batch.forEach((feed, n) => {
				const joined: Ack<JoinResult> = answer.ok ? answer.rooms[n] : answer;
				void feed.answered(joined);
			});
		}
	}

	/** Asks the server and answers its acknowledgement (a typed failure when none comes). */
	request<E extends RequestName>(event: E, request: RequestOf<E>): Promise<AnswerOf<E>> {
		// socket.io's typings cannot follow a generic event name through emitWithAck's
		// overloads; the contract's types above say what goes out and comes back.
		const timed = this.socket.timeout(10_000);
		const emitWithAck = timed.emitWithAck as (
			event: E,
			request: RequestOf<E>
		) => Promise<AnswerOf<E>>;
		return emitWithAck.call(timed, event, request).catch(
			(): AnswerOf<E> =>
				({
					ok: false,
					code: 'failed',
					message: 'No answer from the server.'
				}) as AnswerOf<E>
		);
	}

	/** Sends a command with a fresh id; a retry of the same call reuses it. */
	async command<T extends object>(
		type: string,
		payload: unknown,
		id = crypto.randomUUID()
	): Promise<Ack<CommandResult<T>>> {
		return (await this.request('command', { id, type, payload })) as Ack<CommandResult<T>>;
	}
}

let connection: LiveConnection | undefined;

/** The tab's live connection, created on first use (browser only). */
export function liveConnection(): LiveConnection {
	connection ??= new LiveConnection();
	return connection;
}

export interface RoomFeedOptions<R extends RoomName> {
	/** The seq the page data was loaded at: events up to it are already reflected. */
	after?: number;
	/** Applies one event of the room, in seq order, at most once: narrow it by its type. */
	onEvent?: (event: RoomEventIn<R>) => void;
	/**
	 * The log no longer reaches back far enough: reload the page data. May answer the seq
	 * the fresh data was loaded at, so events it already reflects are not applied again.
	 */
	onReload?: () => void | number | Promise<void | number>;
	/**
	 * Whether the page shows who is in the room: the feed asks once it has joined, keeps the
	 * updates the server pushes, and asks again now and then.
	 */
	presence?: boolean;
}

/**
 * How often a presence feed asks again, with some spread: the server pushes every change,
 * so this only drops the people of a node that died without saying goodbye.
 */
const PRESENCE_REFRESH_MS = 60_000;

/** How long an out-of-order event waits for the one before it before a resync is asked. */
const GAP_GRACE_MS = 250;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A joined room: applies its events in order and knows who is in it. */
export class RoomFeed<R extends RoomName> {
	/** Who is here: the first people by name, and how many in all (presence feeds only). */
	presence = $state<PresenceSnapshot>(NOBODY);
	joined = $state(false);
	error = $state<string | null>(null);
	private readonly order: FeedOrder<RoomEvent>;
	private pulling = false;
	private presenceTimer: ReturnType<typeof setTimeout> | undefined;
	/** Updates pushed while an answer to `room:presence` is on its way: applied after it. */
	private heardWhileAsking: PresenceUpdate[] | null = null;
	private resyncTimer: ReturnType<typeof setTimeout> | undefined;
	private destroyed = false;

	constructor(
		readonly room: R,
		private readonly options: RoomFeedOptions<R> = {}
	) {
		this.order = new FeedOrder(options.after);
		liveConnection().attach(this);
	}

	/** A presence update the server pushed for this room. */
	presenceChanged(update: PresenceUpdate): void {
		if (!this.options.presence) return;
		this.heardWhileAsking?.push(update);
		this.presence = applyPresence(this.presence, update);
	}

	/** The seq of the last event applied: where a rejoin catches up from. */
	get position(): number | undefined {
		return this.order.lastSeq;
	}

	/** (Re)joins and applies whatever was missed since the last applied seq. */
	async join(): Promise<void> {
		await this.answered(
			await liveConnection().request('room:join', {
				room: this.room,
				after: this.order.lastSeq
			})
		);
	}

	/** The server's answer to joining (alone or in a batch): catch up from it. */
	async answered(answer: Ack<JoinResult>): Promise<void> {
		if (!answer.ok) {
			this.error = answer.message;
			return;
		}
		this.joined = true;
		this.error = null;
		await this.pull(answer);
		void this.refreshPresence();
	}

	receive(event: RoomEvent): void {
		this.applyAll(this.order.receive(event));
		// A gap: ask for what is missing, after a moment. Two nodes (or two commits confirmed
		// out of order) can deliver a room's events out of order; the missing one usually
		// arrives within milliseconds, and then nobody asks the server.
		if (this.order.hasGap) this.scheduleResync();
	}

	private applyAll(events: RoomEvent[]): void {
		// The server sends a room only the events its writers recorded there (`Rooms`).
		for (const event of events) this.options.onEvent?.(event as RoomEventIn<R>);
	}

	/** Asks for a gap after a grace period, and again while one remains. */
	private scheduleResync(): void {
		if (this.destroyed) return;
		this.resyncTimer ??= setTimeout(async () => {
			if (this.order.hasGap) await this.pull();
			this.resyncTimer = undefined;
			if (this.order.hasGap) this.scheduleResync();
		}, GAP_GRACE_MS);
	}

	/**
	 * Applies a catch-up answer (or asks for one), then pulls the following pages one at a
	 * time while the server says there are more: a long absence is caught up in small
	 * answers, never one huge one.
	 */
	private async pull(first?: JoinResult): Promise<void> {
		if (this.pulling && !first) return;
		this.pulling = true;
		try {
			let answer: JoinResult | undefined = first;
			let retries = 0;
			while (!this.destroyed) {
				if (!answer) {
					const asked = await liveConnection().request('room:resync', {
						room: this.room,
						after: this.order.lastSeq ?? 0
					});
					if (!asked.ok) {
						if (asked.code !== 'rate_limited' || ++retries > PAGE_RETRIES) return;
						await sleep(PAGE_RETRY_MS * (1 + Math.random()));
						continue;
					}
					answer = asked;
				}
				const step = this.order.catchUp(answer);
				this.applyAll(step.apply);
				if (step.reload) {
					const position = await this.options.onReload?.();
					this.applyAll(this.order.resume(typeof position === 'number' ? position : undefined));
				}
				if (!step.more) return;
				answer = undefined;
			}
		} catch {
			// Offline: the reconnect rejoins from the last applied seq anyway.
		} finally {
			this.pulling = false;
		}
	}

	/** Asks who is here, then again after a while (spread so tabs do not ask together). */
	private async refreshPresence(): Promise<void> {
		if (!this.options.presence || !this.joined || this.destroyed) return;
		clearTimeout(this.presenceTimer);
		this.presenceTimer = setTimeout(
			() => void this.refreshPresence(),
			PRESENCE_REFRESH_MS * (0.75 + Math.random() / 2)
		);
		this.heardWhileAsking = [];
		const answer = await liveConnection().request('room:presence', { room: this.room });
		const heard = this.heardWhileAsking ?? [];
		this.heardWhileAsking = null;
		if (!answer.ok) return;
		this.presence = heard.reduce(applyPresence, { members: answer.members, count: answer.count });
	}

	/** Leaves the room (call from the component's teardown). */
	destroy(): void {
		clearTimeout(this.presenceTimer);
		this.destroyed = true;
		clearTimeout(this.resyncTimer);
		liveConnection().detach(this);
	}
}
