// What the home page reads from the modules: a person's open bugs, the bugs waiting for
// their triage, their unfinished escalations (and which wait on them), and the kudos
// they and their team received. Counted with several rows per parent.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bashSchema } from '../../src/lib/bugbash/schemas';
import { kudosSchema } from '../../src/lib/kudos/schemas';
import {
	createBash,
	endBash,
	logBug,
	openBugsOf,
	startBash,
	triageBug,
	triageWaitingFor
} from '../../src/lib/server/bugbash';
import {
	assignEscalation,
	changeStatus,
	openEscalation,
	openEscalationsOf,
	waitsOn
} from '../../src/lib/server/escalations';
import { giveKudos, hideKudos, recentKudosFor } from '../../src/lib/server/kudos';
import { companyValue } from '../../src/lib/server/kudos/schema';
import { person } from '../../src/lib/server/org/schema';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { addPerson, addTeam } from '../helpers/ledger';
import { bugReport, escalationReport } from '../helpers/reports';

let testDb: TestDatabase;
let olive: number;
let sam: number;
let sara: number;
let erin: number;
let admin: number;
let supportTeam: number;

async function liveBash(title: string, organiser: number) {
	const bashId = await createBash(
		organiser,
		bashSchema.parse({
			title,
			feature: title,
			areas: ['Checkout'],
			startsAt: new Date(),
			endsAt: new Date(Date.now() + 3_600_000)
		})
	);
	await startBash(organiser, bashId);
	return bashId;
}

beforeAll(async () => {
	testDb = await createTestDatabase();
	const product = await addTeam(testDb, 'Checkout squad', 'product');
	const support = await addTeam(testDb, 'Tier 1', 'support');
	const platform = await addTeam(testDb, 'Payments platform', 'engineering');
	supportTeam = support.id;
	olive = await addPerson(testDb, 'Olive Organiser', product.id);
	sam = await addPerson(testDb, 'Sam Support', support.id);
	sara = await addPerson(testDb, 'Sara Support', support.id);
	erin = await addPerson(testDb, 'Erin Engineer', platform.id);
	admin = await addPerson(testDb, 'Ada Admin');
	await testDb.db.update(person).set({ role: 'admin' }).where(eq(person.id, admin));
});
afterAll(async () => {
	await testDb?.destroy();
});

describe('bugs on the home page', () => {
	it('lists my new and accepted bugs only, and the untriaged bugs of each bash I run', async () => {
		const checkout = await liveBash('Checkout bash', olive);
		const search = await liveBash('Search bash', olive);
		const a = await logBug(sam, checkout, bugReport('Pay button does nothing'));
		const b = await logBug(sam, checkout, bugReport('Coupon field clears itself'));
		const c = await logBug(sam, search, bugReport('Search forgets the filter'));
		await logBug(erin, checkout, bugReport('Totals round the wrong way'));
		await logBug(erin, search, bugReport('Search is slow on mobile'));
		await triageBug(olive, a.bugId, { kind: 'accepted', severity: 'high' });
		await triageBug(olive, b.bugId, { kind: 'not_a_bug', reason: 'Works as designed here.' });

		const mine = await openBugsOf(sam);
		expect(mine.map((bug) => [bug.title, bug.status, bug.bashTitle])).toEqual([
			['Search forgets the filter', 'new', 'Search bash'],
			['Pay button does nothing', 'accepted', 'Checkout bash']
		]);
		expect(mine.map((bug) => bug.id)).not.toContain(b.bugId);
		expect(mine[0].id).toBe(c.bugId);

		// Checkout: Erin's bug is new (Sam's two are decided); Search: Sam's and Erin's.
		expect(await triageWaitingFor(olive)).toEqual([
			{ bashId: checkout, title: 'Checkout bash', bugs: 1 },
			{ bashId: search, title: 'Search bash', bugs: 2 }
		]);
		// Only organisers are asked to triage, and an ended bash asks nobody.
		expect(await triageWaitingFor(sam)).toEqual([]);
		await endBash(olive, search);
		expect(await triageWaitingFor(olive)).toEqual([
			{ bashId: checkout, title: 'Checkout bash', bugs: 1 }
		]);
	});
});

describe('escalations on the home page', () => {
	it('lists unfinished escalations I reported or am assigned, marking those waiting on me', async () => {
		const { escalationId: waiting } = await openEscalation(
			sam,
			escalationReport('Invoice PDF is empty')
		);
		const { escalationId: working } = await openEscalation(
			sam,
			escalationReport('Export misses a row')
		);
		const { escalationId: done } = await openEscalation(sam, escalationReport('Logo is blurry'));
		const { escalationId: others } = await openEscalation(sara, escalationReport('Search is down'));
		await assignEscalation(erin, waiting, erin);
		await changeStatus(erin, waiting, 'waiting_on_support');
		await assignEscalation(erin, working, erin);
		await changeStatus(erin, working, 'in_progress');
		await changeStatus(erin, done, 'resolved', 'Fixed in the last release.');

		const sams = await openEscalationsOf(sam);
		expect(sams.map((e) => [e.title, e.status, e.waitsOnMe]).sort()).toEqual([
			['Export misses a row', 'in_progress', false],
			['Invoice PDF is empty', 'waiting_on_support', true]
		]);
		const erins = await openEscalationsOf(erin);
		expect(erins.map((e) => [e.title, e.waitsOnMe]).sort()).toEqual([
			['Export misses a row', true],
			['Invoice PDF is empty', false]
		]);
		expect((await openEscalationsOf(sara)).map((e) => e.id)).toEqual([others]);
	});

	it('waits on the reporter while support is asked, on the assignee while it is worked on', () => {
		const target = { reporterId: 1, assigneeId: 2 };
		expect(waitsOn({ ...target, status: 'waiting_on_support' }, 1)).toBe(true);
		expect(waitsOn({ ...target, status: 'waiting_on_support' }, 2)).toBe(false);
		expect(waitsOn({ ...target, status: 'open' }, 2)).toBe(true);
		expect(waitsOn({ ...target, status: 'in_progress' }, 2)).toBe(true);
		expect(waitsOn({ ...target, status: 'in_progress' }, 1)).toBe(false);
		expect(waitsOn({ ...target, status: 'resolved' }, 2)).toBe(false);
	});
});

describe('kudos on the home page', () => {
	it('shows kudos to me or my team, newest first, never hidden ones or others’', async () => {
		const [{ id: valueId }] = await testDb.db
			.select({ id: companyValue.id })
			.from(companyValue)
			.where(eq(companyValue.name, 'Better together'));
		const give = async (giver: number, recipientIds: number[], message: string) =>
			(
				await giveKudos(
					giver,
					kudosSchema.parse({
						clientKey: crypto.randomUUID(),
						recipientIds,
						message,
						valueId,
						points: 0
					})
				)
			).kudosId;
		await give(erin, [sam], 'Sam found the root cause');
		await give(erin, [sara], 'Sara calmed the customer down');
		await give(sam, [erin], 'Erin shipped the fix');
		const hidden = await give(olive, [sam], 'Hidden one');
		await hideKudos(admin, hidden, 'Posted by mistake');
		await give(olive, [sam, erin], 'Both of you, thank you');

		const forSam = await recentKudosFor(sam, supportTeam);
		expect(forSam.map((k) => k.message)).toEqual([
			'Both of you, thank you',
			'Sara calmed the customer down',
			'Sam found the root cause'
		]);
		expect(forSam[0].recipients.map((r) => r.name).sort()).toEqual([
			'Erin Engineer',
			'Sam Support'
		]);
		// Without a team: only what Sam received himself.
		expect((await recentKudosFor(sam, null)).map((k) => k.message)).toEqual([
			'Both of you, thank you',
			'Sam found the root cause'
		]);
		expect((await recentKudosFor(sam, supportTeam, 1)).length).toBe(1);
	});
});
