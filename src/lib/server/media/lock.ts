// The lock tus takes on an upload while a request writes to it, shared by every node.
//
// Why a PostgreSQL advisory lock: the nodes already share the database, and an advisory
// lock needs no table, no expiry and no clean-up; it is released by PostgreSQL itself
// when the node holding it dies (its connection ends), so a crashed node never leaves an
// upload locked. tus's own MemoryLocker only sees its own process: two nodes behind a load
// balancer would both append to the same file after a client retried on the other one.
//
// Session locks belong to a connection, so each node keeps one dedicated connection for
// them (not the pool, whose connections change hands between queries) and, because a
// session may take the same advisory lock twice, an in-process map keeps requests of the
// same node apart. When the holder is on another node, the waiter asks it to let go with a
// NOTIFY (a client that reconnects after a dropped network should not wait for the dead
// request to time out). PGlite is one process with one session: the map does the work and
// the advisory calls are harmless.
import { ERRORS, type Lock, type Locker, type RequestRelease } from '@tus/utils';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { currentDatabase, rowsOf, useDb } from '../db/client';
import { logFor } from '../log';

const log = logFor('media');

const RELEASE_CHANNEL = 'tandem_media_release';
const ACQUIRE_TIMEOUT_MS = 30_000;

interface Holder {
	lock: SharedLock;
	requestRelease?: RequestRelease;
	acquiring: boolean;
}

interface Session {
	tryLock(id: string): Promise<boolean>;
	unlock(id: string): Promise<void>;
	askRelease(id: string): Promise<void>;
}

const held = new Map<string, Holder>();
let session: Promise<Session> | undefined;

function openSession(): Promise<Session> {
	const handle = currentDatabase();
	if (handle?.driver === 'postgres' && handle.url)
		return Promise.resolve(postgresSession(handle.url));
	return Promise.resolve({
		tryLock: async (id) => {
			const [row] = await rowsOf<{ ok: boolean }>(
				useDb(),
				sql`select pg_try_advisory_lock(hashtextextended(${id}, 0)) as ok`
			);
			return row.ok;
		},
		unlock: async (id) => {
			await useDb().execute(sql`select pg_advisory_unlock(hashtextextended(${id}, 0))`);
		},
		askRelease: async () => {}
	});
}

function postgresSession(url: string): Session {
	// One connection: every lock and unlock of this node runs in the same session.
	const client = postgres(url, { max: 1, idle_timeout: 0, onnotice: () => {} });
	void client
		.listen(RELEASE_CHANNEL, (id) => void held.get(id)?.requestRelease?.())
		.catch((err) => log.error({ error: err }, 'the upload lock cannot listen for releases'));
	return {
		tryLock: async (id) => {
			const [row] = await client`select pg_try_advisory_lock(hashtextextended(${id}, 0)) as ok`;
			return Boolean(row.ok);
		},
		unlock: async (id) => {
			await client`select pg_advisory_unlock(hashtextextended(${id}, 0))`;
		},
		askRelease: async (id) => {
			await client`select pg_notify(${RELEASE_CHANNEL}, ${id})`;
		}
	};
}

function currentSession(): Promise<Session> {
	return (session ??= openSession());
}

/** Forgets the lock connection (tests open a new database per file). */
export function resetUploadLocks(): void {
	session = undefined;
	held.clear();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class SharedLock implements Lock {
	constructor(private readonly id: string) {}

	async lock(stop: AbortSignal, requestRelease: RequestRelease): Promise<void> {
		const deadline = Date.now() + ACQUIRE_TIMEOUT_MS;
		const db = await currentSession();
		let asked = 0;
		while (!stop.aborted && Date.now() < deadline) {
			const holder = held.get(this.id);
			if (holder) {
				if (!holder.acquiring) await holder.requestRelease?.();
				await sleep(10);
				continue;
			}
			const mine: Holder = { lock: this, requestRelease, acquiring: true };
			held.set(this.id, mine);
			if (await db.tryLock(this.id).catch(() => false)) {
				mine.acquiring = false;
				return;
			}
			held.delete(this.id);
			if (Date.now() - asked > 1_000) {
				asked = Date.now();
				await db.askRelease(this.id).catch(() => {});
			}
			await sleep(50);
		}
		throw ERRORS.ERR_LOCK_TIMEOUT;
	}

	async unlock(): Promise<void> {
		if (held.get(this.id)?.lock !== this) return;
		try {
			await (await currentSession()).unlock(this.id);
		} finally {
			held.delete(this.id);
		}
	}
}

/** The tus locker every node shares (see the top of this file for why). */
export const sharedUploadLocker: Locker = {
	newLock: (id) => new SharedLock(id)
};
