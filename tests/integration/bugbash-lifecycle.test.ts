// The bash's clock rules (no bash in the past, reopening within a day) and duplicates that
// point to their original.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bashSchema, bugSchema } from '../../src/lib/bugbash/schemas';
import {
	confirmSameBug,
	createBash,
	endBash,
	logBug,
	reopenBash,
	similarBugs,
	startBash,
	triageBug
} from '../../src/lib/server/bugbash';
import { bugBash, bugConfirmation } from '../../src/lib/server/bugbash/schema';
import { notification } from '../../src/lib/server/notifications/schema';
import { person } from '../../src/lib/server/org/schema';
import { registerModules } from '../../src/lib/server/modules';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { addPerson } from '../helpers/ledger';
import { refusal } from '../helpers/refusal';

let testDb: TestDatabase;
let organiser: number;
let finder: number;
let second: number;
let third: number;
let latecomer: number;
let admin: number;

const minute = 60_000;
const hour = 60 * minute;

function bashInput(startsIn: number, endsIn: number) {
	return bashSchema.parse({
		title: 'Search bash',
		feature: 'Search',
		startsAt: new Date(Date.now() + startsIn),
		endsAt: new Date(Date.now() + endsIn)
	});
}

function report(title: string) {
	return bugSchema.parse({
		clientKey: crypto.randomUUID(),
		title,
		area: 'Search',
		severity: 'medium',
		steps: '1. Search for “shoes”',
		expected: 'Shoes',
		actual: 'Nothing',
		environment: 'Firefox'
	});
}

async function liveBash(): Promise<number> {
	const id = await createBash(organiser, bashInput(0, 2 * hour));
	await startBash(organiser, id);
	return id;
}

beforeAll(async () => {
	registerModules();
	testDb = await createTestDatabase();
	organiser = await addPerson(testDb, 'Olive Organiser');
	finder = await addPerson(testDb, 'Fran Finder');
	second = await addPerson(testDb, 'Sid Second');
	third = await addPerson(testDb, 'Theo Third');
	latecomer = await addPerson(testDb, 'Lena Latecomer');
	admin = await addPerson(testDb, 'Ada Admin');
	await testDb.db.update(person).set({ role: 'admin' }).where(eq(person.id, admin));
});
afterAll(async () => {
	await testDb?.destroy();
});

describe('a new bash’s times', () => {
	it('refuses a bash that would already be over, next to the end time', async () => {
		const err = await refusal(createBash(organiser, bashInput(-3 * hour, -hour)));
		expect(err.field).toBe('endsAt');
		expect(err.message).toBe('This end time has already passed: choose one in the future.');
		const rows = await testDb.db.select().from(bugBash).where(eq(bugBash.createdById, organiser));
		expect(rows).toHaveLength(0);
	});

	it('refuses a start long past, next to the start time', async () => {
		const err = await refusal(createBash(organiser, bashInput(-hour, hour)));
		expect(err.field).toBe('startsAt');
		expect(err.message).toContain('This start time has already passed');
	});

	it('allows a start a few minutes ago', async () => {
		const id = await createBash(organiser, bashInput(-5 * minute, hour));
		const [row] = await testDb.db.select().from(bugBash).where(eq(bugBash.id, id));
		expect(row.state).toBe('scheduled');
	});
});

describe('reopening an ended bash', () => {
	it('lets an organiser reopen it, live again, and refuses others', async () => {
		const id = await liveBash();
		await endBash(organiser, id);
		expect((await refusal(reopenBash(finder, id))).message).toBe(
			'Only the organisers of this bash or an admin can reopen it.'
		);
		await reopenBash(organiser, id);
		const [row] = await testDb.db.select().from(bugBash).where(eq(bugBash.id, id));
		expect(row.state).toBe('live');
		expect(row.endedAt).toBeNull();
		expect((await refusal(reopenBash(organiser, id))).message).toBe(
			'Only an ended bash can be reopened.'
		);
	});

	it('lets an admin reopen it too', async () => {
		const id = await liveBash();
		await endBash(organiser, id);
		await reopenBash(admin, id);
		const [row] = await testDb.db.select().from(bugBash).where(eq(bugBash.id, id));
		expect(row.state).toBe('live');
	});

	it('refuses after a day with a clear message', async () => {
		const id = await liveBash();
		await endBash(organiser, id);
		const dayLater = new Date(Date.now() + 25 * hour);
		const err = await refusal(reopenBash(organiser, id, dayLater));
		expect(err.message).toContain('ended more than 24 hours ago');
		const [row] = await testDb.db.select().from(bugBash).where(eq(bugBash.id, id));
		expect(row.state).toBe('ended');
	});
});

describe('duplicates point to the original', () => {
	it('suggests and confirms the original of a chain, and tells its reporter', async () => {
		const id = await liveBash();
		const original = await logBug(finder, id, report('Search results page stays empty'));
		const middle = await logBug(second, id, report('Search results page is empty'));
		const last = await logBug(third, id, report('Search results page empty again'));
		// third → second → finder: the chain forms as triage finds each duplicate.
		await triageBug(organiser, last.bugId, { kind: 'duplicate', duplicateOfId: middle.bugId });
		await triageBug(organiser, middle.bugId, {
			kind: 'duplicate',
			duplicateOfId: original.bugId
		});

		const suggested = await similarBugs(id, 'Search results page empty');
		expect(suggested.map((b) => b.id)).toEqual([original.bugId]);

		const landed = await confirmSameBug(latecomer, last.bugId);
		expect(landed).toEqual({ bugId: original.bugId, confirmed: true });
		const confirmations = await testDb.db
			.select()
			.from(bugConfirmation)
			.where(eq(bugConfirmation.personId, latecomer));
		expect(confirmations.map((c) => c.bugId)).toEqual([original.bugId]);

		const told = await testDb.db
			.select()
			.from(notification)
			.where(and(eq(notification.personId, finder), eq(notification.kind, 'bug.confirmed')));
		expect(told.map((n) => n.text)).toEqual([
			'Lena Latecomer hit your bug “Search results page stays empty” too.'
		]);
		expect(await confirmSameBug(latecomer, middle.bugId)).toEqual({
			bugId: original.bugId,
			confirmed: false
		});
	});
});
