// The argon2 gate. Every password hash or check costs ~19 MiB and tens of milliseconds of
// a core; run without limit, a flood of anonymous sign-ups queues ahead of the people
// trying to sign in. The gate runs a few at a time, serves sign-ins before sign-ups, and
// refuses new work with a clear "busy" once its queue is full instead of piling up.
import { availableParallelism } from 'node:os';
import { ServiceError } from '../errors';

/** Who is waiting: a sign-in (or a signed-in person's password check) goes first. */
export type HashLane = 'sign-in' | 'sign-up';

export const BUSY_MESSAGE = 'Tandem is busy right now. Please try again in a moment.';

/** A refusal that says "not now": answered 429 (too many tries) or 503 (busy), not 400. */
export class TryLaterError extends ServiceError {
	constructor(
		message: string,
		readonly status: 429 | 503
	) {
		super(message);
		this.name = 'TryLaterError';
	}
}

export interface GateLimits {
	/** Hashes running at once; more would only share the same cores. */
	concurrency: number;
	/** Waiting work per lane beyond which new work is refused. */
	queueLimit: Record<HashLane, number>;
}

export interface GateStats {
	running: number;
	waiting: Record<HashLane, number>;
	started: Record<HashLane, number>;
	refused: Record<HashLane, number>;
}

const DEFAULT_LIMITS: GateLimits = {
	// One hash per core, two to four: fewer leaves cores idle, more only adds memory.
	concurrency: Math.min(4, Math.max(2, availableParallelism())),
	queueLimit: { 'sign-in': 200, 'sign-up': 16 }
};

export class HashGate {
	#running = 0;
	#waiting: Record<HashLane, (() => void)[]> = { 'sign-in': [], 'sign-up': [] };
	#started: Record<HashLane, number> = { 'sign-in': 0, 'sign-up': 0 };
	#refused: Record<HashLane, number> = { 'sign-in': 0, 'sign-up': 0 };
	#watchers = new Set<(lane: HashLane) => void>();

	constructor(readonly limits: GateLimits = DEFAULT_LIMITS) {}

	/** Runs `work` when a slot is free (sign-ins first); refuses at once when the lane is full. */
	async run<T>(lane: HashLane, work: () => Promise<T>): Promise<T> {
		await this.#enter(lane);
		try {
			return await work();
		} finally {
			this.#leave();
		}
	}

	/** Whether work in `lane` would be refused right now. */
	isFull(lane: HashLane): boolean {
		const busy = this.#running >= this.limits.concurrency;
		return busy && this.#waiting[lane].length >= this.limits.queueLimit[lane];
	}

	/** Calls `watcher` each time work starts, with its lane; returns the way to stop. */
	watch(watcher: (lane: HashLane) => void): () => void {
		this.#watchers.add(watcher);
		return () => this.#watchers.delete(watcher);
	}

	stats(): GateStats {
		return {
			running: this.#running,
			waiting: {
				'sign-in': this.#waiting['sign-in'].length,
				'sign-up': this.#waiting['sign-up'].length
			},
			started: { ...this.#started },
			refused: { ...this.#refused }
		};
	}

	#enter(lane: HashLane): Promise<void> {
		if (this.#running < this.limits.concurrency && this.#nobodyWaiting()) {
			this.#start(lane);
			return Promise.resolve();
		}
		if (this.#waiting[lane].length >= this.limits.queueLimit[lane]) {
			this.#refused[lane]++;
			return Promise.reject(new TryLaterError(BUSY_MESSAGE, 503));
		}
		return new Promise((resolve) => this.#waiting[lane].push(() => resolve()));
	}

	#leave(): void {
		this.#running--;
		const lane: HashLane | null = this.#waiting['sign-in'].length
			? 'sign-in'
			: this.#waiting['sign-up'].length
				? 'sign-up'
				: null;
		if (!lane) return;
		const next = this.#waiting[lane].shift()!;
		this.#start(lane);
		next();
	}

	#start(lane: HashLane): void {
		this.#running++;
		this.#started[lane]++;
		for (const watcher of this.#watchers) watcher(lane);
	}

	#nobodyWaiting(): boolean {
		return !this.#waiting['sign-in'].length && !this.#waiting['sign-up'].length;
	}
}

const store = globalThis as unknown as Record<symbol, HashGate | undefined>;

/** This process's gate (one per process: the cores it guards are this process's). */
export function argon2Gate(): HashGate {
	return (store[Symbol.for('tandem.argon2Gate')] ??= new HashGate());
}

/**
 * The door of the public sign-up: a few sign-ups are handled at once and a few wait; the
 * rest are told "busy" at once, before they cost a database transaction. On the embedded
 * database every query shares one connection, so a flood of sign-up transactions would
 * otherwise queue ahead of the queries of people signing in.
 */
export function signUpDoor(): HashGate {
	return (store[Symbol.for('tandem.signUpDoor')] ??= new HashGate({
		concurrency: 2,
		queueLimit: { 'sign-in': 0, 'sign-up': 8 }
	}));
}
