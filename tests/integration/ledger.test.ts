import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { balance, leaderboardTotal, ledgerEntry } from '../../src/lib/server/ledger/schema';
import { person } from '../../src/lib/server/org/schema';
import { ServiceError } from '../../src/lib/server/errors';
import {
	awardPoints,
	balanceOf,
	currentPeriodKey,
	rankOf,
	reverseEntry,
	spendPoints,
	topOf,
	verifyLedgerTotals
} from '../../src/lib/server/ledger';
import { refusal } from '../helpers/refusal';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import {
	addPerson,
	addTeam,
	balancesVersusLedger,
	eventsIn,
	ledgerOf,
	seededRandom,
	setTimeZone
} from '../helpers/ledger';

let testDb: TestDatabase;
const teams: { id: number; departmentId: number }[] = [];

beforeAll(async () => {
	testDb = await createTestDatabase();
	teams.push(await addTeam(testDb, 'Tier 2', 'support'));
	teams.push(await addTeam(testDb, 'Discovery', 'product'));
	teams.push(await addTeam(testDb, 'Platform', 'engineering'));
});
afterAll(async () => {
	await testDb?.destroy();
});

async function totalsOf(personId: number, scope = 'global') {
	return testDb.db
		.select()
		.from(leaderboardTotal)
		.where(
			and(
				eq(leaderboardTotal.scope, scope),
				eq(leaderboardTotal.board, 'person'),
				eq(leaderboardTotal.subjectId, personId)
			)
		);
}

async function allTime(
	board: 'person' | 'team' | 'department',
	subjectId: number,
	scope = 'global'
) {
	const [row] = await testDb.db
		.select({ points: leaderboardTotal.points })
		.from(leaderboardTotal)
		.where(
			and(
				eq(leaderboardTotal.scope, scope),
				eq(leaderboardTotal.board, board),
				eq(leaderboardTotal.period, 'all'),
				eq(leaderboardTotal.subjectId, subjectId)
			)
		);
	return row?.points ?? 0;
}

describe('awardPoints', () => {
	it('writes the entry, the balance, every leaderboard and the live events', async () => {
		const ana = await addPerson(testDb, 'Ana Award', teams[0].id);
		const at = new Date('2026-11-18T12:00:00Z');
		const result = await awardPoints({
			personId: ana,
			amount: 30,
			sourceKind: 'kudos',
			sourceId: 'k-1',
			reason: 'Helped with the outage',
			at
		});
		expect(result.granted).toBe(true);
		expect(await balanceOf(ana)).toBe(30);

		const [entry] = await ledgerOf(testDb, ana);
		expect(entry).toMatchObject({
			id: result.entryId,
			kind: 'award',
			amount: 30,
			teamId: teams[0].id,
			departmentId: teams[0].departmentId,
			timeZone: 'UTC'
		});
		const rows = await testDb.db
			.select()
			.from(leaderboardTotal)
			.where(eq(leaderboardTotal.reachedAt, at));
		// global × (person, team, department) × (week, month, season, all)
		expect(rows).toHaveLength(12);
		expect(
			rows
				.filter((r) => r.board === 'person')
				.map((r) => r.periodKey)
				.sort()
		).toEqual(['2026-11', '2026-Q4', '2026-W47', 'all']);
		expect(await allTime('team', teams[0].id)).toBeGreaterThanOrEqual(30);

		const points = (await eventsIn(testDb, 'leaderboard')).filter(
			(e) => (e.payload as { personId: number }).personId === ana
		);
		expect(points.map((e) => [e.type, e.payload])).toEqual([
			['points', { personId: ana, amount: 30, scopes: ['global'] }]
		]);
		const mine = await eventsIn(testDb, `user:${ana}`);
		expect(mine.find((e) => e.type === 'balance')?.payload).toEqual({ points: 30 });
	});

	it('grants the same source once: a repeat is a no-op', async () => {
		const ben = await addPerson(testDb, 'Ben Twice', teams[1].id);
		const award = { personId: ben, amount: 15, sourceKind: 'bug', sourceId: 42 };
		const first = await awardPoints(award);
		const second = await awardPoints({ ...award, amount: 99 });
		expect(first.granted).toBe(true);
		expect(second).toEqual({ entryId: first.entryId, granted: false });
		expect(await balanceOf(ben)).toBe(15);
		expect(await ledgerOf(testDb, ben)).toHaveLength(1);
		expect(await allTime('person', ben)).toBe(15);
		// The same source for someone else, or another kind of source, is another award.
		expect((await awardPoints({ ...award, sourceKind: 'escalation' })).granted).toBe(true);
		expect(await balanceOf(ben)).toBe(30);
	});

	it('grants an award submitted 20 times at once exactly once', async () => {
		const cy = await addPerson(testDb, 'Cy Concurrent', teams[2].id);
		const results = await Promise.all(
			Array.from({ length: 20 }, () =>
				awardPoints({ personId: cy, amount: 25, sourceKind: 'demo', sourceId: 'd-7' })
			)
		);
		expect(results.filter((r) => r.granted)).toHaveLength(1);
		expect(new Set(results.map((r) => r.entryId)).size).toBe(1);
		expect(await ledgerOf(testDb, cy)).toHaveLength(1);
		expect(await balanceOf(cy)).toBe(25);
		expect(await allTime('person', cy)).toBe(25);
		const points = (await eventsIn(testDb, 'leaderboard')).filter(
			(e) => (e.payload as { personId: number }).personId === cy
		);
		expect(points).toHaveLength(1);
	});

	it('counts people without a team on the person board only', async () => {
		const dee = await addPerson(testDb, 'Dee Loner');
		await awardPoints({ personId: dee, amount: 5, sourceKind: 'kudos', sourceId: 'k-dee' });
		const [entry] = await ledgerOf(testDb, dee);
		expect(entry).toMatchObject({ teamId: null, departmentId: null });
		const rows = await testDb.db
			.select()
			.from(leaderboardTotal)
			.where(eq(leaderboardTotal.subjectId, dee));
		expect(rows.every((r) => r.board === 'person')).toBe(true);
		expect(rows).toHaveLength(4);
	});

	it('refuses bad amounts, missing sources and unknown people', async () => {
		const eve = await addPerson(testDb, 'Eve Edge', teams[0].id);
		for (const amount of [0, -5, 1.5, Number.NaN, 2_000_000]) {
			await refusal(awardPoints({ personId: eve, amount, sourceKind: 'x', sourceId: 'y' }));
		}
		await refusal(awardPoints({ personId: eve, amount: 1, sourceKind: ' ', sourceId: 'y' }));
		await refusal(awardPoints({ personId: 999_999, amount: 1, sourceKind: 'x', sourceId: 'y' }));
		expect(await ledgerOf(testDb, eve)).toHaveLength(0);
	});

	it('keeps the team and department of the time of the award', async () => {
		const fay = await addPerson(testDb, 'Fay Mover', teams[0].id);
		await awardPoints({ personId: fay, amount: 10, sourceKind: 'kudos', sourceId: 'fay-1' });
		await testDb.db.update(person).set({ teamId: teams[2].id }).where(eq(person.id, fay));
		await awardPoints({ personId: fay, amount: 7, sourceKind: 'kudos', sourceId: 'fay-2' });
		const rows = await ledgerOf(testDb, fay);
		expect(rows.map((r) => [r.teamId, r.departmentId])).toEqual([
			[teams[0].id, teams[0].departmentId],
			[teams[2].id, teams[2].departmentId]
		]);
		expect((await verifyLedgerTotals()).problems).toEqual([]);
	});
});

describe('spendPoints', () => {
	it('spends from the balance and leaves the leaderboards alone', async () => {
		const gus = await addPerson(testDb, 'Gus Spender', teams[1].id);
		await awardPoints({ personId: gus, amount: 50, sourceKind: 'kudos', sourceId: 'gus' });
		const before = await totalsOf(gus);
		const spent = await spendPoints({
			personId: gus,
			amount: 20,
			sourceKind: 'reward',
			sourceId: 'mug-1'
		});
		expect(spent).toMatchObject({ spent: true, balance: 30 });
		expect(await balanceOf(gus)).toBe(30);
		expect(await totalsOf(gus)).toEqual(before);
		const balanceEvents = (await eventsIn(testDb, `user:${gus}`)).filter(
			(e) => e.type === 'balance'
		);
		expect(balanceEvents.at(-1)?.payload).toEqual({ points: 30 });
		// A retried spend is not charged again.
		const again = await spendPoints({
			personId: gus,
			amount: 20,
			sourceKind: 'reward',
			sourceId: 'mug-1'
		});
		expect(again).toEqual({ entryId: spent.entryId, spent: false, balance: 30 });
		expect(await balanceOf(gus)).toBe(30);
	});

	it('refuses a spend the balance does not cover and writes nothing', async () => {
		const hal = await addPerson(testDb, 'Hal Short', teams[1].id);
		await awardPoints({ personId: hal, amount: 10, sourceKind: 'kudos', sourceId: 'hal' });
		const err = await refusal(
			spendPoints({ personId: hal, amount: 11, sourceKind: 'reward', sourceId: 'r1' })
		);
		expect(err.message).toMatch(/Not enough points/);
		expect(await balanceOf(hal)).toBe(10);
		expect(await ledgerOf(testDb, hal)).toHaveLength(1);
		// Someone who never had points has nothing to spend.
		const ivy = await addPerson(testDb, 'Ivy Empty');
		await refusal(spendPoints({ personId: ivy, amount: 1, sourceKind: 'reward', sourceId: 'r' }));
		expect(await balanceOf(ivy)).toBe(0);
	});

	it('lets exactly 10 of 50 concurrent spends of 10 through a balance of 100', async () => {
		const jo = await addPerson(testDb, 'Jo Rush', teams[2].id);
		await awardPoints({ personId: jo, amount: 100, sourceKind: 'hackathon', sourceId: 'h-1' });
		const results = await Promise.allSettled(
			Array.from({ length: 50 }, (_, i) =>
				spendPoints({ personId: jo, amount: 10, sourceKind: 'reward', sourceId: `rush-${i}` })
			)
		);
		const ok = results.filter((r) => r.status === 'fulfilled');
		const refused = results.filter((r) => r.status === 'rejected');
		expect(ok).toHaveLength(10);
		expect(refused).toHaveLength(40);
		for (const r of refused) expect(r.reason).toBeInstanceOf(ServiceError);
		expect(await balanceOf(jo)).toBe(0);
		const rows = await ledgerOf(testDb, jo);
		expect(rows.filter((r) => r.kind === 'spend')).toHaveLength(10);
		expect(rows.reduce((sum, r) => sum + r.amount, 0)).toBe(0);
	});
});

describe('reverseEntry', () => {
	it('writes a compensating row once and takes the award off balance and leaderboards', async () => {
		const kai = await addPerson(testDb, 'Kai Reversed', teams[0].id);
		const at = new Date('2026-06-15T09:00:00Z');
		const { entryId } = await awardPoints({
			personId: kai,
			amount: 40,
			sourceKind: 'bug',
			sourceId: 'b-9',
			scopes: ['bugbash:9'],
			at
		});
		await awardPoints({ personId: kai, amount: 5, sourceKind: 'bug', sourceId: 'b-10', at });
		const reversal = await reverseEntry({ entryId, reason: 'Duplicate bug' });
		expect(reversal.reversed).toBe(true);
		const [, , row] = await ledgerOf(testDb, kai);
		expect(row).toMatchObject({
			id: reversal.entryId,
			kind: 'reversal',
			amount: -40,
			reversesId: entryId,
			scopes: ['bugbash:9'],
			teamId: teams[0].id
		});
		expect(await balanceOf(kai)).toBe(5);
		expect(await allTime('person', kai)).toBe(5);
		expect(await allTime('person', kai, 'bugbash:9')).toBe(0);
		expect(
			(await totalsOf(kai)).filter((r) => r.periodKey === '2026-06').map((r) => r.points)
		).toEqual([5]);
		expect(await topOf({ scope: 'bugbash:9', board: 'person', period: 'all' })).toEqual([]);

		const again = await reverseEntry({ entryId, reason: 'Clicked twice' });
		expect(again).toEqual({ entryId: reversal.entryId, reversed: false });
		expect(await balanceOf(kai)).toBe(5);
		await refusal(reverseEntry({ entryId: reversal.entryId, reason: 'Undo the undo' }));
		await refusal(reverseEntry({ entryId: 987_654, reason: 'No such entry' }));
		await refusal(reverseEntry({ entryId, reason: '  ' }));

		const negative = (await eventsIn(testDb, 'leaderboard')).filter(
			(e) => (e.payload as { personId: number }).personId === kai
		);
		expect(negative.at(-1)?.payload).toEqual({
			personId: kai,
			amount: -40,
			scopes: ['global', 'bugbash:9']
		});
	});

	it('refuses to reverse an award whose points were already spent', async () => {
		const lea = await addPerson(testDb, 'Lea Spent', teams[1].id);
		const { entryId } = await awardPoints({
			personId: lea,
			amount: 30,
			sourceKind: 'kudos',
			sourceId: 'lea'
		});
		await spendPoints({ personId: lea, amount: 25, sourceKind: 'reward', sourceId: 'hoodie' });
		const err = await refusal(reverseEntry({ entryId, reason: 'Mistake' }));
		expect(err.message).toMatch(/already spent/);
		expect(await balanceOf(lea)).toBe(5);
		expect(await ledgerOf(testDb, lea)).toHaveLength(2);
		expect(await allTime('person', lea)).toBe(30);
		// Once the spend is reversed, the points are back and the award can go.
		const [, spend] = await ledgerOf(testDb, lea);
		expect((await reverseEntry({ entryId: spend.id, reason: 'Out of stock' })).reversed).toBe(true);
		expect(await balanceOf(lea)).toBe(30);
		expect(await allTime('person', lea)).toBe(30);
		expect((await reverseEntry({ entryId, reason: 'Mistake' })).reversed).toBe(true);
		expect(await balanceOf(lea)).toBe(0);
		expect(await allTime('person', lea)).toBe(0);
	});

	it('lets one of several concurrent reversals through', async () => {
		const max = await addPerson(testDb, 'Max Race', teams[2].id);
		const { entryId } = await awardPoints({
			personId: max,
			amount: 12,
			sourceKind: 'kudos',
			sourceId: 'max'
		});
		const results = await Promise.all(
			Array.from({ length: 10 }, () => reverseEntry({ entryId, reason: 'Race' }))
		);
		expect(results.filter((r) => r.reversed)).toHaveLength(1);
		expect(await balanceOf(max)).toBe(0);
		expect(await allTime('person', max)).toBe(0);
	});
});

describe('leaderboards', () => {
	// Awards dated into 2031 so these boards hold only this block's points.
	const week = (day: number) => new Date(Date.UTC(2031, 2, 10 + day, 12)); // Mon 10 March 2031

	it('ranks by points, then by who reached them first, then by id', async () => {
		const scope = 'tiebreak:1';
		const [a, b, c, d] = [
			await addPerson(testDb, 'Tie Alpha', teams[0].id),
			await addPerson(testDb, 'Tie Bravo', teams[1].id),
			await addPerson(testDb, 'Tie Charlie', teams[2].id),
			await addPerson(testDb, 'Tie Delta', teams[0].id)
		];
		// b reaches 20 first, then a reaches 20; c has most; d has fewest.
		await awardPoints({
			personId: b,
			amount: 20,
			sourceKind: 't',
			sourceId: 1,
			scopes: [scope],
			at: week(0)
		});
		await awardPoints({
			personId: a,
			amount: 10,
			sourceKind: 't',
			sourceId: 2,
			scopes: [scope],
			at: week(0)
		});
		await awardPoints({
			personId: c,
			amount: 50,
			sourceKind: 't',
			sourceId: 3,
			scopes: [scope],
			at: week(1)
		});
		await awardPoints({
			personId: a,
			amount: 10,
			sourceKind: 't',
			sourceId: 4,
			scopes: [scope],
			at: week(2)
		});
		await awardPoints({
			personId: d,
			amount: 5,
			sourceKind: 't',
			sourceId: 5,
			scopes: [scope],
			at: week(3)
		});

		const top = await topOf({ scope, board: 'person', period: 'all' });
		expect(top.map((r) => [r.rank, r.name, r.points])).toEqual([
			[1, 'Tie Charlie', 50],
			[2, 'Tie Bravo', 20],
			[3, 'Tie Alpha', 20],
			[4, 'Tie Delta', 5]
		]);
		expect(await rankOf({ scope, board: 'person', period: 'all', subjectId: a })).toEqual({
			rank: 3,
			points: 20
		});
		// Three reach 50 at the same moment, after c did: c first, then by id.
		for (const [i, personId] of [d, b, a].entries()) {
			const amount = 50 - (personId === d ? 5 : 20);
			await awardPoints({
				personId,
				amount,
				sourceKind: 't',
				sourceId: 10 + i,
				scopes: [scope],
				at: week(7)
			});
		}
		const again = await topOf({ scope, board: 'person', period: 'all', limit: 3 });
		expect(again.map((r) => [r.name, r.points])).toEqual([
			['Tie Charlie', 50],
			['Tie Alpha', 50],
			['Tie Bravo', 50]
		]);
		expect(await rankOf({ scope, board: 'person', period: 'all', subjectId: d })).toEqual({
			rank: 4,
			points: 50
		});
		// Weekly boards only see their week.
		const firstWeek = await topOf({
			scope,
			board: 'person',
			period: 'week',
			periodKey: '2031-W11'
		});
		expect(firstWeek.map((r) => [r.name, r.points])).toEqual([
			['Tie Charlie', 50],
			['Tie Bravo', 20],
			['Tie Alpha', 20],
			['Tie Delta', 5]
		]);
	});

	it('ranks teams and departments by their members’ points', async () => {
		const scope = 'teams:1';
		const p = [
			await addPerson(testDb, 'Team Sup One', teams[0].id),
			await addPerson(testDb, 'Team Sup Two', teams[0].id),
			await addPerson(testDb, 'Team Prod', teams[1].id),
			await addPerson(testDb, 'Team Eng', teams[2].id)
		];
		const amounts = [30, 25, 40, 10];
		for (const [i, personId] of p.entries()) {
			await awardPoints({
				personId,
				amount: amounts[i],
				sourceKind: 'team-test',
				sourceId: i,
				scopes: [scope]
			});
		}
		const byTeam = await topOf({ scope, board: 'team', period: 'month' });
		expect(byTeam.map((r) => [r.name, r.points])).toEqual([
			['Tier 2', 55],
			['Discovery', 40],
			['Platform', 10]
		]);
		const byDepartment = await topOf({ scope, board: 'department', period: 'season' });
		expect(byDepartment.map((r) => [r.name, r.points])).toEqual([
			['Support', 55],
			['Product', 40],
			['Engineering', 10]
		]);
		expect(
			await rankOf({ scope, board: 'department', period: 'all', subjectId: teams[2].departmentId })
		).toEqual({ rank: 3, points: 10 });
	});

	it('keeps each scope’s board apart from the global one', async () => {
		const p = await addPerson(testDb, 'Scope Person', teams[1].id);
		await awardPoints({
			personId: p,
			amount: 8,
			sourceKind: 's',
			sourceId: 1,
			scopes: ['bugbash:77', 'hackathon:3']
		});
		await awardPoints({
			personId: p,
			amount: 4,
			sourceKind: 's',
			sourceId: 2,
			scopes: ['bugbash:77']
		});
		await awardPoints({ personId: p, amount: 2, sourceKind: 's', sourceId: 3 });
		expect(await allTime('person', p, 'bugbash:77')).toBe(12);
		expect(await allTime('person', p, 'hackathon:3')).toBe(8);
		expect(await allTime('person', p)).toBe(14);
		const board = await topOf({ scope: 'hackathon:3', board: 'person', period: 'week' });
		expect(board).toMatchObject([{ rank: 1, subjectId: p, name: 'Scope Person', points: 8 }]);
	});

	it('finds the rank of someone outside the top', async () => {
		const scope = 'crowd:1';
		const ids: number[] = [];
		for (let i = 0; i < 30; i++) {
			const id = await addPerson(testDb, `Crowd ${i}`, teams[i % 3].id);
			ids.push(id);
			await awardPoints({
				personId: id,
				amount: 100 - i * 3,
				sourceKind: 'crowd',
				sourceId: i,
				scopes: [scope]
			});
		}
		const top = await topOf({ scope, board: 'person', period: 'all', limit: 5 });
		expect(top.map((r) => r.subjectId)).toEqual(ids.slice(0, 5));
		expect(await rankOf({ scope, board: 'person', period: 'all', subjectId: ids[24] })).toEqual({
			rank: 25,
			points: 100 - 24 * 3
		});
		const outsider = await addPerson(testDb, 'Not On Board');
		expect(await rankOf({ scope, board: 'person', period: 'all', subjectId: outsider })).toBeNull();
	});

	it('counts in UTC when the workspace time zone is not a real zone', async () => {
		const ugo = await addPerson(testDb, 'Ugo Unzoned', teams[0].id);
		const moment = new Date('2026-11-30T23:30:00Z');
		try {
			await setTimeZone(testDb, 'Mars/Olympus_Mons');
			const { entryId, granted } = await awardPoints({
				personId: ugo,
				amount: 4,
				sourceKind: 'tz-bad',
				sourceId: 1,
				at: moment
			});
			expect(granted).toBe(true);
			const [row] = await testDb.db.select().from(ledgerEntry).where(eq(ledgerEntry.id, entryId));
			expect(row.timeZone).toBe('UTC');
			const keys = (await totalsOf(ugo)).map((r) => r.periodKey).sort();
			expect(keys).toEqual(['2026-11', '2026-Q4', '2026-W49', 'all']);
		} finally {
			await setTimeZone(testDb, 'UTC');
		}
		expect((await verifyLedgerTotals()).problems).toEqual([]);
	});

	it('counts periods in the workspace time zone', async () => {
		const nia = await addPerson(testDb, 'Nia Berlin', teams[0].id);
		const moment = new Date('2026-11-30T23:30:00Z'); // already December in Berlin
		try {
			await setTimeZone(testDb, 'Europe/Berlin');
			expect(await currentPeriodKey('month', moment)).toBe('2026-12');
			const { entryId } = await awardPoints({
				personId: nia,
				amount: 9,
				sourceKind: 'tz',
				sourceId: 1,
				at: moment
			});
			const keys = (await totalsOf(nia)).map((r) => r.periodKey).sort();
			expect(keys).toEqual(['2026-12', '2026-Q4', '2026-W49', 'all']);
			expect(
				await topOf({ board: 'person', period: 'month', periodKey: '2026-12', limit: 100 })
			).toContainEqual(expect.objectContaining({ subjectId: nia, points: 9 }));

			// The zone changes; the reversal still finds the award's December rows.
			await setTimeZone(testDb, 'UTC');
			expect(await currentPeriodKey('month', moment)).toBe('2026-11');
			await reverseEntry({ entryId, reason: 'Test' });
			expect((await totalsOf(nia)).map((r) => [r.periodKey, r.points]).sort()).toEqual([
				['2026-12', 0],
				['2026-Q4', 0],
				['2026-W49', 0],
				['all', 0]
			]);
			expect((await verifyLedgerTotals()).problems).toEqual([]);
		} finally {
			await setTimeZone(testDb, 'UTC');
		}
	});

	it('uses the current period by default', async () => {
		const now = await addPerson(testDb, 'Now Person', teams[2].id);
		await awardPoints({
			personId: now,
			amount: 3,
			sourceKind: 'now',
			sourceId: 1,
			scopes: ['now:1']
		});
		for (const period of ['week', 'month', 'season', 'all'] as const) {
			expect(await rankOf({ scope: 'now:1', board: 'person', period, subjectId: now })).toEqual({
				rank: 1,
				points: 3
			});
		}
	});
});

describe('verifyLedgerTotals', () => {
	it('notices a balance or a total that drifted from the ledger', async () => {
		const oz = await addPerson(testDb, 'Oz Drift', teams[0].id);
		await awardPoints({ personId: oz, amount: 10, sourceKind: 'drift', sourceId: 1 });
		expect((await verifyLedgerTotals()).ok).toBe(true);
		await testDb.db.update(balance).set({ points: 11 }).where(eq(balance.personId, oz));
		await testDb.db
			.update(leaderboardTotal)
			.set({ points: sql`${leaderboardTotal.points} + 1` })
			.where(
				and(
					eq(leaderboardTotal.board, 'person'),
					eq(leaderboardTotal.subjectId, oz),
					eq(leaderboardTotal.period, 'week')
				)
			);
		const result = await verifyLedgerTotals();
		expect(result.ok).toBe(false);
		expect(result.problems).toEqual([
			`balance of person ${oz} is 11, the ledger sums to 10`,
			expect.stringMatching(
				new RegExp(`^leaderboard global/person/week/.* #${oz} is 11, the ledger sums to 10$`)
			)
		]);
		await testDb.db.update(balance).set({ points: 10 }).where(eq(balance.personId, oz));
		await testDb.db
			.update(leaderboardTotal)
			.set({ points: 10 })
			.where(
				and(
					eq(leaderboardTotal.board, 'person'),
					eq(leaderboardTotal.subjectId, oz),
					eq(leaderboardTotal.period, 'week')
				)
			);
		expect((await verifyLedgerTotals()).ok).toBe(true);
	});
});

describe('a randomized run', () => {
	it('keeps balances and leaderboards equal to the ledger through 300 operations', async () => {
		const random = seededRandom(20261122);
		const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
		const people: number[] = [];
		for (let i = 0; i < 8; i++) {
			people.push(await addPerson(testDb, `Random ${i}`, i === 7 ? null : teams[i % 3].id));
		}
		const scopes = ['bugbash:1', 'bugbash:2', 'hackathon:1'];
		const entries: number[] = [];
		const outcomes = { award: 0, repeat: 0, spend: 0, refused: 0, reversal: 0 };
		const start = Date.UTC(2026, 10, 1);
		const operation = async (n: number) => {
			const personId = pick(people);
			const roll = random();
			if (roll < 0.5) {
				// Some sources repeat on purpose: those must be no-ops.
				const sourceId = random() < 0.15 ? `dup-${Math.floor(random() * 5)}` : `op-${n}`;
				const result = await awardPoints({
					personId,
					amount: 1 + Math.floor(random() * 60),
					sourceKind: pick(['kudos', 'bug', 'demo']),
					sourceId,
					scopes: scopes.filter(() => random() < 0.3),
					// Spread over ten weeks around month, season and year ends, in two zones' terms.
					at: new Date(start + Math.floor(random() * 70 * 86_400_000))
				});
				if (result.granted) entries.push(result.entryId);
				outcomes[result.granted ? 'award' : 'repeat']++;
			} else if (roll < 0.8) {
				const result = await spendPoints({
					personId,
					amount: 1 + Math.floor(random() * 40),
					sourceKind: 'reward',
					sourceId: `spend-${n}`
				});
				entries.push(result.entryId);
				outcomes.spend++;
			} else if (entries.length > 0) {
				const result = await reverseEntry({ entryId: pick(entries), reason: 'random' });
				if (result.reversed) outcomes.reversal++;
			} else if (random() < 0.5) {
				// Someone moves team mid-run: later awards count for the new team.
				await testDb.db
					.update(person)
					.set({ teamId: pick(teams).id })
					.where(eq(person.id, personId));
			}
		};
		for (let batch = 0; batch < 30; batch++) {
			if (batch === 15) await setTimeZone(testDb, 'America/New_York');
			// Ten at a time: on PostgreSQL they really run concurrently.
			const results = await Promise.allSettled(
				Array.from({ length: 10 }, (_, i) => operation(batch * 10 + i))
			);
			for (const r of results) {
				if (r.status === 'rejected') {
					if (!(r.reason instanceof ServiceError)) throw r.reason;
					outcomes.refused++;
				}
			}
		}
		await setTimeZone(testDb, 'UTC');

		expect(outcomes.award).toBeGreaterThan(100);
		expect(outcomes.spend).toBeGreaterThan(20);
		expect(outcomes.reversal).toBeGreaterThan(10);
		expect(outcomes.refused).toBeGreaterThan(0);

		const check = await verifyLedgerTotals();
		expect(check.problems).toEqual([]);
		expect(check.ok).toBe(true);
		for (const row of await balancesVersusLedger(testDb)) {
			expect(row.points, `balance of person ${row.personId}`).toBe(row.sum);
			expect(row.points).toBeGreaterThanOrEqual(0);
		}
		// Each person's all-time global total is their awards less reversed awards.
		for (const personId of people) {
			const rows = await ledgerOf(testDb, personId);
			const awards = rows.filter((r) => r.kind === 'award');
			const reversed = new Set(rows.map((r) => r.reversesId));
			const earned = awards.filter((r) => !reversed.has(r.id)).reduce((s, r) => s + r.amount, 0);
			expect(await allTime('person', personId)).toBe(earned);
		}
		const [dupes] = await testDb.db
			.select({ n: sql<number>`count(*)::int` })
			.from(ledgerEntry)
			.where(sql`${ledgerEntry.sourceId} like 'dup-%'`);
		expect(dupes.n).toBeLessThanOrEqual(8 * 3 * 5);
	});
});
