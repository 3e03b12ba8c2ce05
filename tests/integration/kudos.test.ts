// Kudos rules against the real database: allowance (also under 50 concurrent gifts),
// month rollover, recipients, cross-department bonus, reactions, +1s, hiding with
// reversed points, and the wall's filters; the ledger invariant after all of it.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kudosSchema } from '../../src/lib/kudos/schemas';
import {
	allowanceAndPosition,
	allowanceOf,
	giveKudos,
	hideKudos,
	plusOne,
	toggleReaction
} from '../../src/lib/server/kudos';
import {
	kudosCard,
	kudosLeaderboard,
	kudosPosition,
	monthFigures,
	wallOf
} from '../../src/lib/server/kudos';
import { companyValue, kudos, kudosSettings } from '../../src/lib/server/kudos/schema';
import { person } from '../../src/lib/server/org/schema';
import { balanceOf, spendPoints, verifyLedgerTotals } from '../../src/lib/server/ledger';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { addPerson, addTeam, eventsIn } from '../helpers/ledger';
import { refusal } from '../helpers/refusal';

let testDb: TestDatabase;
let ana: number; // support
let ben: number; // support, same team as Ana
let eli: number; // engineering
let eva: number; // engineering
let admin: number;
let supportTeam: number;
let valueId: number;

function kudosFor(recipientIds: number[], extra: Record<string, unknown> = {}) {
	return kudosSchema.parse({
		clientKey: crypto.randomUUID(),
		recipientIds,
		message: 'Thanks for the save on the Globex ticket!',
		valueId,
		points: 0,
		...extra
	});
}

beforeAll(async () => {
	testDb = await createTestDatabase();
	const support = await addTeam(testDb, 'Tier 2', 'support');
	const engineering = await addTeam(testDb, 'Billing', 'engineering');
	supportTeam = support.id;
	ana = await addPerson(testDb, 'Ana Support', support.id);
	ben = await addPerson(testDb, 'Ben Support', support.id);
	eli = await addPerson(testDb, 'Eli Engineer', engineering.id);
	eva = await addPerson(testDb, 'Eva Engineer', engineering.id);
	admin = await addPerson(testDb, 'Ada Admin');
	await testDb.db.update(person).set({ role: 'admin' }).where(eq(person.id, admin));
	[{ id: valueId }] = await testDb.db
		.select({ id: companyValue.id })
		.from(companyValue)
		.where(eq(companyValue.name, 'Better together'));
});
afterAll(async () => {
	await testDb?.destroy();
});

describe('giving', () => {
	it('pays each recipient from the giver’s allowance, once per form', async () => {
		const form = kudosFor([eli, eva], { points: 20 });
		const first = await giveKudos(ana, form);
		const again = await giveKudos(ana, form);
		expect(again).toEqual({ kudosId: first.kudosId, created: false });
		expect(await balanceOf(eli)).toBe(20);
		expect(await balanceOf(eva)).toBe(20);
		expect(await allowanceOf(ana)).toMatchObject({ granted: 100, spent: 40, remaining: 60 });
		// The page reads the allowance and the wall's log position in one statement.
		const seqBefore = await kudosPosition();
		expect(seqBefore).toBeGreaterThan(0);
		expect(await allowanceAndPosition(eli)).toEqual({
			allowance: { month: expect.any(String), granted: 100, spent: 0, remaining: 100 },
			position: seqBefore
		});
		await giveKudos(eli, kudosFor([eva], { points: 5 }));
		expect(await allowanceAndPosition(eli)).toMatchObject({
			allowance: { spent: 5, remaining: 95 },
			position: await kudosPosition()
		});
		expect(await kudosPosition()).toBeGreaterThan(seqBefore);
		const notices = (await eventsIn(testDb, `user:${eli}`)).filter((e) => e.type === 'notice');
		expect(notices.at(-1)?.payload).toMatchObject({
			text: 'Ana Support gave you kudos for Better together (+20 points).'
		});
	});

	it('refuses kudos to yourself, to people who left, and past the cap', async () => {
		expect((await refusal(giveKudos(ana, kudosFor([ana])))).field).toBe('recipientIds');
		// With points and a colleague beside yourself: refused whole, nothing written.
		const [anaBefore, eliBefore, allowanceBefore] = await Promise.all([
			balanceOf(ana),
			balanceOf(eli),
			allowanceOf(ana)
		]);
		const kudosBefore = (await testDb.db.select({ id: kudos.id }).from(kudos)).length;
		const withSelf = await refusal(giveKudos(ana, kudosFor([ana, eli], { points: 20 })));
		expect(withSelf).toMatchObject({
			field: 'recipientIds',
			message: 'Kudos are for others: take yourself out of the recipients.'
		});
		// A caller other than the form gets the form's rules too.
		const negative = { ...kudosFor([eli]), points: -5 };
		expect(await refusal(giveKudos(ana, negative))).toMatchObject({ field: 'points' });
		expect(await Promise.all([balanceOf(ana), balanceOf(eli), allowanceOf(ana)])).toEqual([
			anaBefore,
			eliBefore,
			allowanceBefore
		]);
		expect((await testDb.db.select({ id: kudos.id }).from(kudos)).length).toBe(kudosBefore);
		const gone = await addPerson(testDb, 'Gus Gone');
		await testDb.db.update(person).set({ active: false }).where(eq(person.id, gone));
		expect((await refusal(giveKudos(ana, kudosFor([gone])))).message).toBe(
			'Gus Gone has left: choose someone active.'
		);
		const capped = await refusal(giveKudos(ana, kudosFor([eli], { points: 51 })));
		expect(capped).toMatchObject({ field: 'points', message: 'At most 50 points per kudos.' });
		const tooMuch = await refusal(giveKudos(ana, kudosFor([eli, eva], { points: 31 })));
		expect(tooMuch.message).toBe('You have 60 points left to give this month; this needs 62.');
		expect(await allowanceOf(ana)).toMatchObject({ remaining: 60 });
	});

	it('gives a whole team kudos, without the giver', async () => {
		const { kudosId } = await giveKudos(ben, kudosFor([], { teamId: supportTeam, points: 5 }));
		const { cards } = await wallOf({}, { viewerId: ben });
		const card = cards.find((c) => c.id === kudosId)!;
		expect(card.recipients.map((r) => r.name)).toEqual(['Ana Support']);
		expect(card.teamName).toBe('Tier 2');
		expect(card.crossDepartment).toBe(false);
	});

	it('finds people typed by name or email, and says which it cannot place', async () => {
		const [{ email: evaEmail }] = await testDb.db
			.select({ email: person.email })
			.from(person)
			.where(eq(person.id, eva));
		const typed = (names: string) => kudosFor([], { recipientNames: names, points: 1 });
		const { kudosId } = await giveKudos(ben, typed(`eli engineer; ${evaEmail.toUpperCase()}`));
		const card = (await wallOf({}, { viewerId: ben })).cards.find((c) => c.id === kudosId)!;
		expect(card.recipients.map((r) => r.name).sort()).toEqual(['Eli Engineer', 'Eva Engineer']);

		const left = await giveKudos(ben, typed('Eva Eng'));
		const leftCard = (await wallOf({}, { viewerId: ben })).cards.find((c) => c.id === left.kudosId);
		expect(leftCard?.recipients.map((r) => r.name)).toEqual(['Eva Engineer']);

		const hal = await addPerson(testDb, 'Hal Gone');
		await testDb.db.update(person).set({ active: false }).where(eq(person.id, hal));
		const spent = (await allowanceOf(ben)).spent;
		expect(await refusal(giveKudos(ben, typed('Engineer')))).toMatchObject({
			field: 'recipientIds',
			message: '“Engineer” could be Eli Engineer, Eva Engineer: type the full name or their email.'
		});
		expect((await refusal(giveKudos(ben, typed('Eli Engineer, Nobody Here')))).message).toBe(
			'No one here is called “Nobody Here”.'
		);
		expect((await refusal(giveKudos(ben, typed('hal gone')))).message).toBe(
			'Hal Gone has left: choose someone active.'
		);
		expect((await refusal(giveKudos(ben, typed('Ben Support')))).field).toBe('recipientIds');
		// Refused forms took nothing.
		expect((await allowanceOf(ben)).spent).toBe(spent);
	});

	it('lets exactly the allowance through when 50 gifts race', async () => {
		const racer = await addPerson(testDb, 'Rae Racer', supportTeam);
		const results = await Promise.allSettled(
			Array.from({ length: 50 }, () => giveKudos(racer, kudosFor([eli], { points: 10 })))
		);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
		expect(await allowanceOf(racer)).toMatchObject({ spent: 100, remaining: 0 });
		expect((await verifyLedgerTotals()).ok).toBe(true);
	});

	it('gives once and takes the allowance once when the same form is posted twice at once', async () => {
		const twice = await addPerson(testDb, 'Tia Twice', supportTeam);
		const form = kudosFor([eva], { points: 10 });
		const results = await Promise.all([giveKudos(twice, form), giveKudos(twice, form)]);
		expect(new Set(results.map((r) => r.kudosId)).size).toBe(1);
		expect(results.filter((r) => r.created)).toHaveLength(1);
		expect(await allowanceOf(twice)).toMatchObject({ spent: 10 });
	});

	it('starts every month afresh, without rollover', async () => {
		const giver = await addPerson(testDb, 'Mo Monthly', supportTeam);
		const lastDay = new Date('2026-10-31T12:00:00Z');
		await giveKudos(giver, kudosFor([eli], { points: 30 }), { at: lastDay });
		expect(await allowanceOf(giver, lastDay)).toMatchObject({ month: '2026-10', remaining: 70 });
		const nextMonth = new Date('2026-11-01T00:30:00Z');
		expect(await allowanceOf(giver, nextMonth)).toMatchObject({ month: '2026-11', remaining: 100 });
		await giveKudos(giver, kudosFor([eli], { points: 50 }), { at: nextMonth });
		expect(await allowanceOf(giver, nextMonth)).toMatchObject({ remaining: 50 });
	});
});

describe('across departments', () => {
	it('marks kudos across departments and pays the company bonus as its own rows', async () => {
		await testDb.db
			.update(kudosSettings)
			.set({ crossDepartmentBonus: 5 })
			.where(eq(kudosSettings.id, 1));
		const before = await balanceOf(ana);
		const { kudosId } = await giveKudos(eli, kudosFor([ana, eva], { points: 10 }));
		expect(await balanceOf(ana)).toBe(before + 10 + 5);
		const { cards } = await wallOf({ acrossOnly: true }, { viewerId: eli });
		expect(cards.map((c) => c.id)).toContain(kudosId);
		const figures = await monthFigures();
		expect(figures.matrix).toContainEqual({
			from: 'Engineering',
			to: 'Support',
			count: expect.any(Number)
		});
		expect(figures.across).toBeGreaterThan(0);
		// A kudos without points of the giver's own earns no company bonus.
		const beforeFree = await balanceOf(ana);
		await giveKudos(eli, kudosFor([ana]));
		expect(await balanceOf(ana)).toBe(beforeFree);
		await testDb.db
			.update(kudosSettings)
			.set({ crossDepartmentBonus: 0 })
			.where(eq(kudosSettings.id, 1));
	});
});

describe('reactions, +1 and hiding', () => {
	it('toggles reactions and takes one +1 per person, not from the giver or recipients', async () => {
		const { kudosId } = await giveKudos(eva, kudosFor([eli], { points: 5 }));
		expect(await toggleReaction(ana, kudosId, 'clap')).toBe(true);
		expect(await toggleReaction(ana, kudosId, 'clap')).toBe(false);
		const bogus = 'skull' as Parameters<typeof toggleReaction>[2];
		expect((await refusal(toggleReaction(ana, kudosId, bogus))).message).toBe(
			'Choose one of the reactions.'
		);
		await toggleReaction(ben, kudosId, 'heart');
		// The wall shows counts, not who reacted: neither does the room's event.
		const reacted = (await eventsIn(testDb, 'kudos')).at(-1);
		expect(reacted).toMatchObject({ type: 'kudos.reacted', actorId: null });
		const before = await balanceOf(eli);
		const anaSpent = (await allowanceOf(ana)).spent;
		await plusOne(ana, kudosId, 3);
		expect(await balanceOf(eli)).toBe(before + 3);
		// A +1's points come out of the +1 giver's own allowance.
		expect((await allowanceOf(ana)).spent).toBe(anaSpent + 3);
		expect((await refusal(plusOne(ana, kudosId, 0))).message).toBe(
			'You already gave this kudos a +1.'
		);
		expect((await refusal(plusOne(eli, kudosId, 0))).message).toBe('This kudos is already yours.');
		const { cards } = await wallOf({ personId: eli }, { viewerId: ben });
		const card = cards.find((c) => c.id === kudosId)!;
		expect(card.reactions).toEqual([{ emoji: 'heart', count: 1, mine: true }]);
		expect(card.plusOnes.map((p) => [p.name, p.points])).toEqual([['Ana Support', 3]]);
	});

	it('hides a kudos with a reason and reverses its points, gift and +1s alike', async () => {
		const { kudosId } = await giveKudos(ben, kudosFor([eva], { points: 15 }));
		await plusOne(ana, kudosId, 2);
		const before = await balanceOf(eva);
		expect((await refusal(hideKudos(ben, kudosId, 'spam'))).message).toBe(
			'Only admins can hide kudos.'
		);
		expect((await refusal(hideKudos(admin, kudosId, '  '))).field).toBe('reason');
		const gone = await addPerson(testDb, 'Gil Gone Admin');
		await testDb.db.update(person).set({ role: 'admin', active: false }).where(eq(person.id, gone));
		expect((await refusal(hideKudos(gone, kudosId, 'spam'))).message).toBe(
			'Only admins can hide kudos.'
		);
		expect(await balanceOf(eva)).toBe(before);
		expect(await hideKudos(admin, kudosId, 'Posted by mistake')).toEqual({ unreversedPoints: 0 });
		expect((await refusal(hideKudos(admin, kudosId, 'Again'))).message).toBe(
			'That kudos is not on the wall.'
		);
		expect(await balanceOf(eva)).toBe(before - 17);
		const { cards } = await wallOf({}, { viewerId: ana });
		expect(cards.map((c) => c.id)).not.toContain(kudosId);
		const told = (await eventsIn(testDb, `user:${ben}`)).at(-1);
		expect(told?.payload).toMatchObject({
			text: 'A kudos was hidden by an admin: Posted by mistake'
		});
	});

	it('keeps points already spent, and says so', async () => {
		const spender = await addPerson(testDb, 'Sid Spender', supportTeam);
		const { kudosId } = await giveKudos(eli, kudosFor([spender], { points: 10 }));
		await spendPoints({ personId: spender, amount: 10, sourceKind: 'test', sourceId: 'spend-all' });
		expect(await hideKudos(admin, kudosId, 'Duplicate post')).toEqual({ unreversedPoints: 10 });
		expect(await balanceOf(spender)).toBe(0);
	});

	it('keeps an award spent in part whole: a reversal mirrors its award', async () => {
		const spender = await addPerson(testDb, 'Pia Partial', supportTeam);
		const { kudosId } = await giveKudos(eli, kudosFor([spender], { points: 10 }));
		await spendPoints({ personId: spender, amount: 4, sourceKind: 'test', sourceId: 'spend-4' });
		expect(await hideKudos(admin, kudosId, 'Duplicate post')).toEqual({ unreversedPoints: 10 });
		expect(await balanceOf(spender)).toBe(6);
		expect(await verifyLedgerTotals()).toMatchObject({ ok: true });
	});

	it('shares a wall page computed at a log position, each viewer seeing their own reactions', async () => {
		const at = await kudosPosition();
		const { kudosId } = await giveKudos(ben, kudosFor([eli]));
		await toggleReaction(eva, kudosId, 'rocket');
		const now = await kudosPosition();
		expect(now).toBeGreaterThan(at);
		const rocket = async (viewerId: number) => {
			const { cards } = await wallOf({}, { viewerId, at: now });
			return cards.find((c) => c.id === kudosId)?.reactions.find((r) => r.emoji === 'rocket');
		};
		expect(await rocket(eva)).toEqual({ emoji: 'rocket', count: 1, mine: true });
		expect(await rocket(eli)).toEqual({ emoji: 'rocket', count: 1, mine: false });
		// Shared, not re-read: a write that bypasses the room (no new seq) is not seen at
		// that position, only by a fresh read.
		await testDb.db
			.update(kudos)
			.set({ message: 'Edited behind the room' })
			.where(eq(kudos.id, kudosId));
		const messageAt = async (position?: number) =>
			(await wallOf({}, { viewerId: eli, at: position })).cards.find((c) => c.id === kudosId)
				?.message;
		expect(await messageAt(now)).toBe('Thanks for the save on the Globex ticket!');
		expect(await messageAt()).toBe('Edited behind the room');
		// The next change moves the position: the wall read there has it.
		await toggleReaction(eli, kudosId, 'rocket');
		const later = await kudosPosition();
		const { cards } = await wallOf({}, { viewerId: eli, at: later });
		expect(cards.find((c) => c.id === kudosId)?.reactions).toEqual([
			{ emoji: 'rocket', count: 2, mine: true }
		]);
		expect((await kudosCard(kudosId, eva, later))?.reactions).toEqual([
			{ emoji: 'rocket', count: 2, mine: true }
		]);
	});

	it('keeps the ledger invariant', async () => {
		expect(await verifyLedgerTotals()).toEqual({ ok: true, problems: [] });
	});
});

describe('leaderboards', () => {
	it('counts kudos received and given by person and department', async () => {
		const received = await kudosLeaderboard('received', 'person', 'all');
		expect(received[0]).toMatchObject({ rank: 1, name: 'Eli Engineer' });
		const given = await kudosLeaderboard('given', 'department', 'month');
		expect(given.map((r) => r.name)).toContain('Support');
	});
});
