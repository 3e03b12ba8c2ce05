// Answers remembered at a log position of the kudos room.
//
// Every change the kudos pages show (a kudos given or hidden, a reaction, a +1, a value
// or rule changed) is an event in the `kudos` room, so the room's latest seq names the
// state of the wall. A node keeps what it computed at the newest position it has seen and
// drops it all when the position moves: 500 open walls asking after a kudos cost one
// computation, and a change made on another node is seen at once, with no message between
// nodes. What changes without a kudos event (a person or team renamed, a new team, the
// month rolling over) shows once an answer is older than its `maxAgeMs`.

/** Enough for the first pages under every filter people use at once, bounded. */
const MAX_ANSWERS = 500;

let position = -1;
const answers = new Map<string, { at: number; value: Promise<unknown> }>();

/**
 * `compute()`'s answer at log position `seq`, shared by every caller at that position. A
 * caller that read an older position than one already seen gets a fresh, unshared answer.
 */
export function rememberedAt<T>(
	seq: number,
	key: string,
	compute: () => Promise<T>,
	maxAgeMs: number
): Promise<T> {
	if (seq > position) {
		answers.clear();
		position = seq;
	}
	if (seq < position) return compute();
	const now = Date.now();
	const hit = answers.get(key);
	if (hit && now - hit.at < maxAgeMs) return hit.value as Promise<T>;
	if (answers.size >= MAX_ANSWERS) answers.delete(answers.keys().next().value!);
	const entry = { at: now, value: compute() as Promise<unknown> };
	answers.set(key, entry);
	// A failed computation is not remembered (unless a newer one already replaced it).
	entry.value.catch(() => {
		if (answers.get(key) === entry) answers.delete(key);
	});
	return entry.value as Promise<T>;
}
