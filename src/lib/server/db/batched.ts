// Reads by key asked in the same turn of the event loop, answered together: after a
// restart every open tab handshakes and joins its rooms at once, and one statement per tab
// cost more than all the rest of it. Each answer is still read after it was asked: this
// shares reads, it caches nothing.

type Waiter<V> = { resolve: (value: V | undefined) => void; reject: (err: unknown) => void };

/** Past this many keys a batch is read and the next lookups start another. */
const KEYS_PER_BATCH = 500;

/**
 * A lookup that batches: `read` gets the distinct keys asked in one turn and answers the
 * values it found by key; a key it does not answer resolves to undefined. `copy` gives each
 * caller its own value when callers may change what they get.
 */
export function batchedLookup<K, V>(
	read: (keys: K[]) => Promise<Map<K, V>>,
	copy: (value: V) => V = (value) => value
): (key: K) => Promise<V | undefined> {
	let waiting: Map<K, Waiter<V>[]> | null = null;

	async function readBatch(batch: Map<K, Waiter<V>[]>): Promise<void> {
		if (waiting === batch) waiting = null;
		try {
			const found = await read([...batch.keys()]);
			for (const [key, waiters] of batch) {
				const value = found.get(key);
				for (const { resolve } of waiters) resolve(value === undefined ? value : copy(value));
			}
		} catch (err) {
			for (const waiters of batch.values()) for (const { reject } of waiters) reject(err);
		}
	}

	return (key) =>
		new Promise((resolve, reject) => {
			if (!waiting) {
				const batch = (waiting = new Map());
				setImmediate(() => void readBatch(batch));
			}
			const same = waiting.get(key);
			if (same) same.push({ resolve, reject });
			else waiting.set(key, [{ resolve, reject }]);
			if (waiting.size >= KEYS_PER_BATCH) waiting = null;
		});
}
