// The browser side of the live layer: one socket per tab, a feed per joined room that
// applies events strictly in seq order and catches up after gaps and reconnects.
import { io, type Socket } from 'socket.io-client';
import {
	SOCKET_PATH,
	type Ack,
	type JoinResult,
	type PresenceMember,
	type RoomEvent
} from './contract';

export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting' | 'offline';

/** The tab's one socket and its status, shown by the layout. */
export class LiveConnection {
	status = $state<ConnectionStatus>('connecting');
	/** Set when the server ended this session (signed out elsewhere, deactivated). */
	sessionEnded = $state(false);
	readonly socket: Socket;
	// Bookkeeping, not state the UI renders: a plain Map on purpose.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	private readonly feeds = new Map<string, RoomFeed>();

	constructor() {
		this.socket = io({ path: SOCKET_PATH, transports: ['websocket', 'polling'] });
		this.socket.on('connect', () => {
			this.status = 'live';
			for (const feed of this.feeds.values()) void feed.join();
		});
		this.socket.on('disconnect', () => {
			this.status = navigator.onLine ? 'reconnecting' : 'offline';
		});
		this.socket.io.on('reconnect_attempt', () => {
			this.status = navigator.onLine ? 'reconnecting' : 'offline';
		});
		this.socket.on('connect_error', (err) => {
			this.status = navigator.onLine ? 'reconnecting' : 'offline';
			// Refused by the server's middleware ("unavailable": the database could not check
			// the session) the client does not retry by itself; the outage is temporary.
			if (!this.socket.active && err.message === 'unavailable') {
				setTimeout(() => this.socket.connect(), 2_000 + Math.random() * 2_000);
			}
		});
		this.socket.on('session:ended', () => {
			this.sessionEnded = true;
		});
		this.socket.on('room:event', (event: RoomEvent) => this.feeds.get(event.room)?.receive(event));
		this.socket.on('room:presence', (update: { room: string; members: PresenceMember[] }) => {
			const feed = this.feeds.get(update.room);
			if (feed) feed.members = update.members;
		});
		addEventListener('offline', () => (this.status = 'offline'));
		addEventListener('online', () => {
			if (!this.socket.connected) this.status = 'reconnecting';
		});
	}

	attach(feed: RoomFeed): void {
		this.feeds.set(feed.room, feed);
		if (this.socket.connected) void feed.join();
	}

	detach(feed: RoomFeed): void {
		if (this.feeds.get(feed.room) !== feed) return;
		this.feeds.delete(feed.room);
		if (this.socket.connected) this.socket.emit('room:leave', { room: feed.room });
	}

	request<T>(event: string, payload: unknown): Promise<Ack<T>> {
		return this.socket
			.timeout(10_000)
			.emitWithAck(event, payload)
			.catch(() => ({
				ok: false as const,
				code: 'failed' as const,
				message: 'No answer from the server.'
			}));
	}

	/** Sends a command with a fresh id; a retry of the same call reuses it. */
	async command<T extends object>(type: string, payload: unknown, id = crypto.randomUUID()) {
		return this.request<{ result: T; replayed: boolean }>('command', { id, type, payload });
	}
}

let connection: LiveConnection | undefined;

/** The tab's live connection, created on first use (browser only). */
export function liveConnection(): LiveConnection {
	connection ??= new LiveConnection();
	return connection;
}

export interface RoomFeedOptions {
	/** The seq the page data was loaded at: events up to it are already reflected. */
	after?: number;
	/** Applies one event, in seq order. */
	onEvent?: (event: RoomEvent) => void;
	/** The log no longer reaches back far enough: reload the page data. */
	onReload?: () => void | Promise<void>;
}

/** How long an out-of-order event waits for the one before it before a resync is asked. */
const GAP_GRACE_MS = 250;

/** A joined room: applies its events in order and knows who is in it. */
export class RoomFeed {
	members = $state<PresenceMember[]>([]);
	joined = $state(false);
	error = $state<string | null>(null);
	private lastSeq: number | undefined;
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- out-of-order events, never rendered
	private buffered = new Map<number, RoomEvent>();
	private resyncing = false;
	private presenceTimer: ReturnType<typeof setInterval> | undefined;
	private resyncTimer: ReturnType<typeof setTimeout> | undefined;
	private destroyed = false;

	constructor(
		readonly room: string,
		private readonly options: RoomFeedOptions = {}
	) {
		this.lastSeq = options.after;
		liveConnection().attach(this);
		// Refreshes presence now and then, so a member on a node that died drops out.
		this.presenceTimer = setInterval(() => void this.refreshPresence(), 15_000);
	}

	/** (Re)joins and applies whatever was missed since the last applied seq. */
	async join(): Promise<void> {
		const answer = await liveConnection().request<JoinResult>('room:join', {
			room: this.room,
			after: this.lastSeq
		});
		if (!answer.ok) {
			this.error = answer.message;
			return;
		}
		this.joined = true;
		this.error = null;
		await this.catchUp(answer);
		void this.refreshPresence();
	}

	receive(event: RoomEvent): void {
		if (this.lastSeq === undefined || event.seq <= this.lastSeq) {
			if (this.lastSeq === undefined) this.apply(event);
			return;
		}
		if (event.seq === this.lastSeq + 1) {
			this.apply(event);
			this.drainBuffer();
			return;
		}
		// A gap: keep the event and ask for what is missing, after a moment. Two nodes (or
		// two commits confirmed out of order) can deliver a room's events out of order; the
		// missing one usually arrives within milliseconds, and then nobody asks the server.
		this.buffered.set(event.seq, event);
		this.scheduleResync();
	}

	private apply(event: RoomEvent): void {
		this.lastSeq = event.seq;
		this.options.onEvent?.(event);
	}

	private drainBuffer(): void {
		while (this.lastSeq !== undefined && this.buffered.has(this.lastSeq + 1)) {
			const next = this.buffered.get(this.lastSeq + 1)!;
			this.buffered.delete(next.seq);
			this.apply(next);
		}
		for (const seq of this.buffered.keys())
			if (seq <= (this.lastSeq ?? 0)) this.buffered.delete(seq);
	}

	/** Asks for a gap after a grace period, and again while one remains. */
	private scheduleResync(): void {
		if (this.destroyed) return;
		this.resyncTimer ??= setTimeout(async () => {
			if (this.buffered.size > 0) await this.resync();
			this.resyncTimer = undefined;
			if (this.buffered.size > 0) this.scheduleResync();
		}, GAP_GRACE_MS);
	}

	private async resync(): Promise<void> {
		if (this.resyncing) return;
		this.resyncing = true;
		try {
			const answer = await liveConnection().request<JoinResult>('room:resync', {
				room: this.room,
				after: this.lastSeq ?? 0
			});
			if (answer.ok) await this.catchUp(answer);
		} catch {
			// Offline: the reconnect rejoins from the last applied seq anyway.
		} finally {
			this.resyncing = false;
		}
	}

	private async catchUp(result: JoinResult): Promise<void> {
		if (this.lastSeq === undefined) {
			this.lastSeq = result.latestSeq;
			return;
		}
		if (!result.complete) {
			this.lastSeq = result.latestSeq;
			this.buffered.clear();
			await this.options.onReload?.();
			return;
		}
		for (const event of result.events) if (event.seq === this.lastSeq + 1) this.apply(event);
		this.drainBuffer();
	}

	private async refreshPresence(): Promise<void> {
		if (!this.joined) return;
		const answer = await liveConnection().request<{ members: PresenceMember[] }>('room:presence', {
			room: this.room
		});
		if (answer.ok) this.members = answer.members;
	}

	/** Leaves the room (call from the component's teardown). */
	destroy(): void {
		clearInterval(this.presenceTimer);
		this.destroyed = true;
		clearTimeout(this.resyncTimer);
		liveConnection().detach(this);
	}
}
