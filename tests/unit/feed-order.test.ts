// The browser feed's ordering rules: whatever order, repeats and catch-up answers the
// server sends, each event is applied once, in seq order, and the position never moves back.
import { describe, expect, it } from 'vitest';
import type { JoinResult, WireEvent } from '../../src/lib/realtime/contract';
import { FeedOrder } from '../../src/lib/realtime/feed-order';

const ev = (seq: number, type = 'bug.commented'): WireEvent => ({
	room: 'bugbash:1',
	seq,
	type,
	payload: { bugId: 7 },
	at: new Date(0).toISOString(),
	actorId: null
});
const range = (from: number, to: number) =>
	Array.from({ length: to - from + 1 }, (_, i) => ev(from + i));
const answer = (
	events: WireEvent[],
	latestSeq: number,
	extra: Partial<JoinResult<WireEvent>> = {}
) => ({
	events,
	complete: true,
	more: false,
	latestSeq,
	...extra
});
const seqs = (events: WireEvent[]) => events.map((e) => e.seq);

describe('live events', () => {
	it('applies in order, holds what comes early and drops repeats', () => {
		const order = new FeedOrder<WireEvent>(10);
		expect(seqs(order.receive(ev(12)))).toEqual([]);
		expect(order.hasGap).toBe(true);
		expect(seqs(order.receive(ev(11)))).toEqual([11, 12]);
		expect(order.hasGap).toBe(false);
		expect(seqs(order.receive(ev(12)))).toEqual([]);
		expect(seqs(order.receive(ev(9)))).toEqual([]);
		expect(order.lastSeq).toBe(12);
	});

	it('with no loaded position, the first live event sets it and order holds from there', () => {
		const order = new FeedOrder<WireEvent>();
		expect(seqs(order.receive(ev(7)))).toEqual([7]);
		expect(seqs(order.receive(ev(9)))).toEqual([]);
		expect(order.hasGap).toBe(true);
		expect(seqs(order.receive(ev(8)))).toEqual([8, 9]);
		expect(seqs(order.receive(ev(7)))).toEqual([]);
		expect(order.lastSeq).toBe(9);
	});
});

describe('catch-up answers', () => {
	it('fills a gap from a resync without applying what it already applied', () => {
		const order = new FeedOrder<WireEvent>(10);
		order.receive(ev(11));
		order.receive(ev(14));
		const step = order.catchUp(answer(range(11, 14), 14));
		expect(seqs(step.apply)).toEqual([12, 13, 14]);
		expect(order.lastSeq).toBe(14);
	});

	it('an answer behind what arrived live applies nothing and keeps the position', () => {
		// The probe's failure: a resync answered from an older snapshot, after live events.
		const order = new FeedOrder<WireEvent>(10);
		order.receive(ev(11));
		order.receive(ev(12));
		order.receive(ev(13));
		expect(order.catchUp(answer(range(11, 12), 12)).apply).toEqual([]);
		expect(order.lastSeq).toBe(13);
		// Even a (wrong) "incomplete" answer naming an older latest seq never moves it back.
		const step = order.catchUp(answer([], 11, { complete: false }));
		expect(step.reload).toBe(true);
		expect(order.lastSeq).toBe(13);
		expect(order.receive(ev(12))).toEqual([]);
		expect(seqs(order.receive(ev(14)))).toEqual([14]);
	});

	it('after a reload, skips what the fresh data reflects and applies what follows', () => {
		const order = new FeedOrder<WireEvent>(5);
		order.receive(ev(30));
		order.receive(ev(31));
		const step = order.catchUp(answer([], 28, { complete: false }));
		expect(step).toEqual({ apply: [], reload: true, more: false });
		// The page reloaded at seq 30: only 31 is news.
		expect(seqs(order.resume(30))).toEqual([31]);
		expect(order.lastSeq).toBe(31);
	});

	it('asks for the next page while the server says there are more', () => {
		const order = new FeedOrder<WireEvent>(0);
		const first = order.catchUp(answer(range(1, 200), 450, { more: true }));
		expect(first.more).toBe(true);
		expect(order.lastSeq).toBe(200);
		const last = order.catchUp(answer(range(201, 450), 450));
		expect(last.more).toBe(false);
		expect(seqs(last.apply)).toHaveLength(250);
		expect(order.lastSeq).toBe(450);
	});

	it('with no loaded position, starts from the room’s latest seq', () => {
		const order = new FeedOrder<WireEvent>();
		order.catchUp(answer([], 40));
		expect(order.lastSeq).toBe(40);
		// Events a join answer carries for a client without data are not applied twice later.
		expect(order.catchUp(answer(range(38, 40), 40)).apply).toEqual([]);
		expect(seqs(order.receive(ev(41)))).toEqual([41]);
	});
});

describe('a comment counter fed by a misbehaving network', () => {
	/** Small deterministic generator, so a failure can be replayed. */
	function random(seed: number) {
		return () => {
			seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
			return seed / 2 ** 31;
		};
	}

	it('counts every comment once whatever arrives twice, late or in stale answers', () => {
		for (let run = 1; run <= 50; run++) {
			const next = random(run);
			const order = new FeedOrder<WireEvent>(0);
			let comments = 0;
			const apply = (events: WireEvent[]) => {
				for (const e of events) if (e.type === 'bug.commented') comments++;
			};
			const total = 120;
			// Every event twice, shuffled, with stale and partial catch-up answers in between.
			const deliveries = [...range(1, total), ...range(1, total)].sort(() => next() - 0.5);
			for (const event of deliveries) {
				apply(order.receive(event));
				if (next() < 0.1) {
					const upTo = Math.max(1, Math.floor(next() * total));
					const from = Math.floor(next() * upTo) + 1;
					apply(order.catchUp(answer(range(from, upTo), upTo)).apply);
				}
				if (next() < 0.02) {
					// A spurious "reload" (the old two-statement read) naming a seq already passed.
					const stale = Math.floor(next() * (order.lastSeq ?? 0));
					const step = order.catchUp(answer([], stale, { complete: false }));
					if (step.reload) apply(order.resume());
				}
			}
			apply(order.catchUp(answer(range(1, total), total)).apply);
			expect(comments).toBe(total);
			expect(order.lastSeq).toBe(total);
		}
	});
});
