import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badgeAward } from '../../src/lib/server/ledger/schema';
import { BADGE_RULES, badgesOf } from '../../src/lib/server/ledger';
import { awardPoints, reverseEntry, spendPoints } from '../../src/lib/server/ledger';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { addPerson, addTeam, eventsIn, setTimeZone } from '../helpers/ledger';

let testDb: TestDatabase;
let teamId: number;

beforeAll(async () => {
	testDb = await createTestDatabase();
	teamId = (await addTeam(testDb, 'Badgers', 'engineering')).id;
});
afterAll(async () => {
	await testDb?.destroy();
});

const DAY = 86_400_000;
let source = 0;

function award(personId: number, amount: number, at?: Date) {
	return awardPoints({ personId, amount, sourceKind: 'kudos', sourceId: ++source, at });
}

async function badgeNames(personId: number): Promise<string[]> {
	return (await badgesOf(personId)).map((b) => b.badge);
}

async function badgeEvents(personId: number) {
	return (await eventsIn(testDb, `user:${personId}`)).filter((e) => e.type === 'badge');
}

describe('badges', () => {
	it('awards first points once, with a live event for the person', async () => {
		const ada = await addPerson(testDb, 'Ada First', teamId);
		expect(await badgesOf(ada)).toEqual([]);
		await award(ada, 5);
		await award(ada, 5);
		const badges = await badgesOf(ada);
		expect(badges).toEqual([
			{
				badge: 'first-points',
				label: 'First points',
				description: 'Earned points for the first time.',
				awardedAt: expect.any(Date)
			}
		]);
		const events = await badgeEvents(ada);
		expect(events.map((e) => e.payload)).toEqual([
			{ badge: 'first-points', label: 'First points' }
		]);
		// Only the person's own room hears about it.
		expect((await eventsIn(testDb, 'leaderboard')).filter((e) => e.type === 'badge')).toHaveLength(
			0
		);
	});

	it('awards each threshold once, when the all-time total reaches it', async () => {
		const bo = await addPerson(testDb, 'Bo Climber', teamId);
		await award(bo, 99);
		expect(await badgeNames(bo)).toEqual(['first-points']);
		await award(bo, 1);
		expect(await badgeNames(bo)).toContain('points-100');
		// Jumping past two thresholds at once earns both.
		await award(bo, 950);
		expect((await badgeNames(bo)).sort()).toEqual([
			'first-points',
			'points-100',
			'points-1000',
			'points-500'
		]);
		await award(bo, 500);
		const events = await badgeEvents(bo);
		expect(events.map((e) => (e.payload as { badge: string }).badge)).toEqual([
			'first-points',
			'points-100',
			'points-500',
			'points-1000'
		]);
		const rows = await testDb.db.select().from(badgeAward).where(eq(badgeAward.personId, bo));
		expect(rows).toHaveLength(4);
	});

	it('counts earned points, not the balance: spending does not matter', async () => {
		const cy = await addPerson(testDb, 'Cy Spender', teamId);
		await award(cy, 60);
		await spendPoints({ personId: cy, amount: 60, sourceKind: 'reward', sourceId: 'cy' });
		await award(cy, 40);
		expect(await badgeNames(cy)).toContain('points-100');
	});

	it('keeps a badge after the award that earned it is reversed, and does not award it twice', async () => {
		const di = await addPerson(testDb, 'Di Reversed', teamId);
		const { entryId } = await award(di, 100);
		expect(await badgeNames(di)).toContain('points-100');
		await reverseEntry({ entryId, reason: 'Mistake' });
		await award(di, 100);
		expect((await badgeNames(di)).filter((b) => b === 'points-100')).toHaveLength(1);
		expect(
			(await badgeEvents(di)).filter((e) => (e.payload as { badge: string }).badge === 'points-100')
		).toHaveLength(1);
	});

	it('awards the streak for points in three weeks running, across a year end', async () => {
		const ed = await addPerson(testDb, 'Ed Streak', teamId);
		const monday = Date.UTC(2026, 11, 21, 10); // Mon 21 Dec 2026, week 52
		await award(ed, 1, new Date(monday));
		await award(ed, 1, new Date(monday + 2 * DAY)); // same week
		expect(await badgeNames(ed)).not.toContain('streak-3-weeks');
		await award(ed, 1, new Date(monday + 10 * DAY)); // Thu 31 Dec, week 53
		expect(await badgeNames(ed)).not.toContain('streak-3-weeks');
		await award(ed, 1, new Date(monday + 14 * DAY)); // Mon 4 Jan 2027, week 1
		expect(await badgeNames(ed)).toContain('streak-3-weeks');
		expect((await badgeEvents(ed)).at(-1)?.payload).toEqual({
			badge: 'streak-3-weeks',
			label: 'Three-week streak'
		});
	});

	it('needs the weeks to be consecutive, and fills a gap from either side', async () => {
		const flo = await addPerson(testDb, 'Flo Gap', teamId);
		const monday = Date.UTC(2027, 2, 1, 12); // Mon 1 March 2027
		await award(flo, 1, new Date(monday));
		await award(flo, 1, new Date(monday + 14 * DAY)); // skips a week
		await award(flo, 1, new Date(monday + 28 * DAY));
		expect(await badgeNames(flo)).not.toContain('streak-3-weeks');
		// A dated award for the missing week completes the run in the middle.
		await award(flo, 1, new Date(monday + 8 * DAY));
		expect(await badgeNames(flo)).toContain('streak-3-weeks');
	});

	it('does not count a reversed award towards a streak', async () => {
		const gil = await addPerson(testDb, 'Gil Undone', teamId);
		const monday = Date.UTC(2027, 4, 3, 12); // Mon 3 May 2027
		await award(gil, 1, new Date(monday));
		const middle = await award(gil, 1, new Date(monday + 7 * DAY));
		await reverseEntry({ entryId: middle.entryId, reason: 'Not real' });
		await award(gil, 1, new Date(monday + 14 * DAY));
		expect(await badgeNames(gil)).not.toContain('streak-3-weeks');
	});

	it('counts streak weeks in the workspace time zone', async () => {
		const hana = await addPerson(testDb, 'Hana Tokyo', teamId);
		try {
			await setTimeZone(testDb, 'Asia/Tokyo');
			// Sunday 20:00 UTC is already Monday in Tokyo: these three awards fall in three
			// Tokyo weeks running, but in only two UTC weeks.
			const sunday = Date.UTC(2027, 5, 6, 20); // Sun 6 June 2027 20:00 UTC
			await award(hana, 1, new Date(sunday - 2 * DAY)); // Fri, Tokyo week 22
			await award(hana, 1, new Date(sunday)); // Mon 7 June in Tokyo, week 23
			expect(await badgeNames(hana)).not.toContain('streak-3-weeks');
			await award(hana, 1, new Date(sunday + 7 * DAY)); // Tokyo week 24 (UTC weeks: 22, 22, 23)
			expect(await badgeNames(hana)).toContain('streak-3-weeks');
		} finally {
			await setTimeZone(testDb, 'UTC');
		}
	});

	it('awards badges once under concurrent awards', async () => {
		const ivo = await addPerson(testDb, 'Ivo Rush', teamId);
		await Promise.all(Array.from({ length: 12 }, () => award(ivo, 50)));
		expect((await badgeNames(ivo)).sort()).toEqual(['first-points', 'points-100', 'points-500']);
		expect(await badgeEvents(ivo)).toHaveLength(3);
	});

	it('describes every badge it can award', () => {
		const names = BADGE_RULES.map((r) => r.badge);
		expect(new Set(names).size).toBe(names.length);
		for (const rule of BADGE_RULES) {
			expect(rule.label).not.toBe('');
			expect(rule.description).not.toBe('');
		}
	});
});
