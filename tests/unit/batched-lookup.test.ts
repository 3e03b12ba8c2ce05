import { describe, expect, it } from 'vitest';
import { batchedLookup } from '../../src/lib/server/db/batched';

/** A lookup over `table` that records each batch of keys it was asked to read. */
function recordingLookup(table: Map<string, { n: number }>) {
	const reads: string[][] = [];
	const lookup = batchedLookup<string, { n: number }>(
		async (keys) => {
			reads.push(keys);
			return new Map(keys.filter((k) => table.has(k)).map((k) => [k, table.get(k)!]));
		},
		(value) => ({ ...value })
	);
	return { lookup, reads };
}

describe('batchedLookup', () => {
	it('answers lookups asked in one turn with one read of the distinct keys', async () => {
		const { lookup, reads } = recordingLookup(
			new Map([
				['a', { n: 1 }],
				['b', { n: 2 }]
			])
		);
		const answers = await Promise.all([lookup('a'), lookup('b'), lookup('a'), lookup('zz')]);
		expect(answers).toEqual([{ n: 1 }, { n: 2 }, { n: 1 }, undefined]);
		expect(reads).toEqual([['a', 'b', 'zz']]);
		// Each caller has its own copy.
		expect(answers[0]).not.toBe(answers[2]);
	});

	it('reads again for a lookup asked later: nothing is kept between turns', async () => {
		const table = new Map([['a', { n: 1 }]]);
		const { lookup, reads } = recordingLookup(table);
		expect(await lookup('a')).toEqual({ n: 1 });
		table.set('a', { n: 2 });
		expect(await lookup('a')).toEqual({ n: 2 });
		expect(reads).toEqual([['a'], ['a']]);
	});

	it('starts another read past 500 keys', async () => {
		const { lookup, reads } = recordingLookup(new Map());
		await Promise.all(Array.from({ length: 1200 }, (_, i) => lookup(`k${i}`)));
		expect(reads.map((keys) => keys.length)).toEqual([500, 500, 200]);
	});

	it('fails every lookup of a batch whose read failed, and only those', async () => {
		let fail = true;
		const lookup = batchedLookup<string, number>(async (keys) => {
			if (fail) throw new Error('database away');
			return new Map(keys.map((k) => [k, k.length]));
		});
		const failed = await Promise.allSettled([lookup('a'), lookup('bb')]);
		expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
		fail = false;
		expect(await lookup('bb')).toBe(2);
	});
});
