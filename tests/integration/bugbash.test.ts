import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bashSchema, bugSchema } from '../../src/lib/bugbash/schemas';
import { moveBashesOnTime } from '../../src/lib/server/bugbash/clock';
import { boardOf, listBashes } from '../../src/lib/server/bugbash';
import {
	confirmSameBug,
	createBash,
	endBash,
	logBug,
	similarBugs,
	startBash
} from '../../src/lib/server/bugbash';
import { bug, bugBash, bugBashOrganiser } from '../../src/lib/server/bugbash/schema';
import { roomEvent } from '../../src/lib/server/realtime/schema';
import { canJoinRoom } from '../../src/lib/server/realtime/rooms';
import type { SessionPerson } from '../../src/lib/server/auth';
import { registerModules } from '../../src/lib/server/modules';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { addPerson } from '../helpers/ledger';
import { refusal } from '../helpers/refusal';

let testDb: TestDatabase;
let organiser: number;
let agent: number;
let engineer: number;
let bashId: number;

const hour = 3_600_000;

function newBug(title: string, extra: Partial<ReturnType<typeof bugSchema.parse>> = {}) {
	return bugSchema.parse({
		clientKey: crypto.randomUUID(),
		title,
		area: 'Checkout',
		severity: 'high',
		steps: '1. Open the cart\n2. Press Pay',
		expected: 'The order is placed',
		actual: 'A blank page',
		environment: 'Chrome 156 on Linux',
		...extra
	});
}

beforeAll(async () => {
	registerModules();
	testDb = await createTestDatabase();
	organiser = await addPerson(testDb, 'Olive Organiser');
	agent = await addPerson(testDb, 'Sam Support');
	engineer = await addPerson(testDb, 'Erin Engineer');
	bashId = await createBash(
		organiser,
		bashSchema.parse({
			title: 'Checkout v2 bash',
			feature: 'Checkout v2',
			areas: ['Checkout', 'Payments'],
			startsAt: new Date(Date.now() + hour),
			endsAt: new Date(Date.now() + 3 * hour)
		})
	);
});
afterAll(async () => {
	await testDb?.destroy();
});

describe('bash lifecycle', () => {
	it('makes the creator its organiser, with the default scoring', async () => {
		const organisers = await testDb.db
			.select()
			.from(bugBashOrganiser)
			.where(eq(bugBashOrganiser.bashId, bashId));
		expect(organisers.map((o) => o.personId)).toEqual([organiser]);
	});

	it('refuses a bash that ends before it starts', () => {
		const parsed = bashSchema.safeParse({
			title: 'Backwards',
			feature: 'Time',
			startsAt: new Date(Date.now() + hour),
			endsAt: new Date()
		});
		expect(parsed.success).toBe(false);
		expect(parsed.error!.issues[0]).toMatchObject({
			path: ['endsAt'],
			message: 'The bash must end after it starts.'
		});
	});

	it('refuses a script link as the environment and a bash longer than two weeks', () => {
		const base = { title: 'Links', feature: 'Links', startsAt: new Date() };
		const script = bashSchema.safeParse({
			...base,
			endsAt: new Date(Date.now() + hour),
			environmentUrl: 'javascript:alert(document.cookie)'
		});
		expect(script.error?.issues[0].path).toEqual(['environmentUrl']);
		const long = bashSchema.safeParse({ ...base, endsAt: new Date(Date.now() + 15 * 24 * hour) });
		expect(long.error?.issues[0].message).toBe('A bash lasts at most 14 days.');
	});

	it('refuses bugs before the bash is live', async () => {
		const err = await refusal(logBug(agent, bashId, newBug('Pay button does nothing')));
		expect(err.message).toBe('Bugs can be logged while the bash is live.');
	});

	it('lets only an organiser start it', async () => {
		const err = await refusal(startBash(agent, bashId));
		expect(err.message).toBe('Only the organisers of this bash can do that.');
		await startBash(organiser, bashId);
		expect((await refusal(startBash(organiser, bashId))).message).toBe(
			'Only a scheduled bash can be started.'
		);
		const started = await testDb.db
			.select()
			.from(roomEvent)
			.where(and(eq(roomEvent.room, `bugbash:${bashId}`), eq(roomEvent.type, 'bash.started')));
		expect(started).toHaveLength(1);
	});
});

describe('logging bugs', () => {
	it('logs a bug once however often the form is submitted', async () => {
		const report = newBug('Pay button does nothing on the cart page');
		const results = await Promise.all([
			logBug(agent, bashId, report),
			logBug(agent, bashId, report)
		]);
		expect(new Set(results.map((r) => r.bugId)).size).toBe(1);
		expect(results.filter((r) => r.created)).toHaveLength(1);
		const rows = await testDb.db.select().from(bug).where(eq(bug.clientKey, report.clientKey));
		expect(rows).toHaveLength(1);
		const logged = await testDb.db
			.select()
			.from(roomEvent)
			.where(and(eq(roomEvent.room, `bugbash:${bashId}`), eq(roomEvent.type, 'bug.logged')));
		expect(logged).toHaveLength(1);
		expect(logged[0].payload).not.toHaveProperty('clientKey');
	});

	it('refuses an area the bash does not cover, next to the field', async () => {
		const err = await refusal(
			logBug(agent, bashId, newBug('Coupons are ignored', { area: 'Search' }))
		);
		expect(err.field).toBe('area');
	});

	it('explains bad input field by field', () => {
		const parsed = bugSchema.safeParse({
			clientKey: crypto.randomUUID(),
			title: 'x',
			severity: 'meh'
		});
		expect(parsed.success).toBe(false);
		const fields = Object.fromEntries(
			parsed.error!.issues.map((i) => [i.path.join('.'), i.message])
		);
		expect(fields.title).toMatch(/at least 5 characters/);
		expect(fields.severity).toBe('Choose a severity.');
		expect(fields.steps).toBe('Fill in this field.');
	});
});

describe('duplicates while typing', () => {
	it('suggests the most similar bugs of the bash first', async () => {
		await logBug(
			engineer,
			bashId,
			newBug('Totals rounding wrong for euro prices', { area: 'Payments' })
		);
		await logBug(
			engineer,
			bashId,
			newBug('Avatar upload fails for PNG files', { area: 'Checkout' })
		);
		const suggestions = await similarBugs(bashId, 'pay button does nothing');
		expect(suggestions[0]).toMatchObject({
			title: 'Pay button does nothing on the cart page',
			status: 'new'
		});
		expect(suggestions.map((s) => s.title)).not.toContain('Avatar upload fails for PNG files');
		expect(await similarBugs(bashId, 'pa')).toEqual([]);
	});

	it('does not suggest bugs from another bash', async () => {
		const other = await createBash(
			organiser,
			bashSchema.parse({
				title: 'Search bash',
				feature: 'Search',
				startsAt: new Date(),
				endsAt: new Date(Date.now() + hour)
			})
		);
		expect(await similarBugs(other, 'pay button does nothing')).toEqual([]);
	});

	it('records "same bug" once per person, never by the reporter', async () => {
		const [original] = await similarBugs(bashId, 'pay button does nothing');
		expect((await confirmSameBug(engineer, original.id)).confirmed).toBe(true);
		expect((await confirmSameBug(engineer, original.id)).confirmed).toBe(false);
		expect((await refusal(confirmSameBug(agent, original.id))).message).toBe(
			'You logged this bug yourself.'
		);
		const board = await boardOf(bashId);
		expect(board.find((b) => b.id === original.id)?.confirmations).toBe(1);
	});
});

describe('rooms', () => {
	it('lets anyone signed in watch an existing bash, and no other', async () => {
		const someone = { id: agent } as SessionPerson;
		expect(await canJoinRoom(someone, `bugbash:${bashId}`)).toBe(true);
		expect(await canJoinRoom(someone, 'bugbash:99999')).toBe(false);
		expect(await canJoinRoom(someone, 'bugbash:abc')).toBe(false);
	});

	it('ends only when live, by an organiser', async () => {
		expect((await refusal(endBash(engineer, bashId))).message).toBe(
			'Only the organisers of this bash can do that.'
		);
		await endBash(organiser, bashId);
		const err = await refusal(logBug(agent, bashId, newBug('Late report after the end')));
		expect(err.message).toBe('Bugs can be logged while the bash is live.');
	});
});

describe('the list of bashes', () => {
	it('counts each bash its own bugs and participants', async () => {
		const live = async (title: string) => {
			const id = await createBash(
				organiser,
				bashSchema.parse({
					title,
					feature: title,
					startsAt: new Date(),
					endsAt: new Date(Date.now() + hour)
				})
			);
			await startBash(organiser, id);
			return id;
		};
		const [three, one, none] = [
			await live('Three bugs'),
			await live('One bug'),
			await live('None')
		];
		await logBug(agent, three, newBug('First of three in this bash'));
		await logBug(engineer, three, newBug('Second of three in this bash'));
		await logBug(engineer, three, newBug('Third of three in this bash'));
		await logBug(agent, one, newBug('The only bug in this bash'));
		const counts = Object.fromEntries(
			(await listBashes()).map((b) => [b.id, { bugs: b.bugs, participants: b.participants }])
		);
		expect(counts[three]).toEqual({ bugs: 3, participants: 2 });
		expect(counts[one]).toEqual({ bugs: 1, participants: 1 });
		expect(counts[none]).toEqual({ bugs: 0, participants: 0 });
		// Whether the viewer takes part, per bash (logging a bug joins it).
		const joined = async (viewer: number | null) =>
			Object.fromEntries((await listBashes(viewer)).map((b) => [b.id, b.joined]));
		expect(await joined(engineer)).toMatchObject({ [three]: true, [one]: false, [none]: false });
		expect(await joined(agent)).toMatchObject({ [three]: true, [one]: true, [none]: false });
		expect(await joined(null)).toMatchObject({ [three]: false, [one]: false });
	});
});

describe('the bash clock', () => {
	it('starts bashes whose time has come and ends those whose time is up, once', async () => {
		const soon = await createBash(
			organiser,
			bashSchema.parse({
				title: 'Clockwork bash',
				feature: 'Timers',
				startsAt: new Date(Date.now() + 1_000),
				endsAt: new Date(Date.now() + 60_000)
			})
		);
		const later = new Date(Date.now() + 2_000);
		const [first, again] = await Promise.all([moveBashesOnTime(later), moveBashesOnTime(later)]);
		expect([...first.started, ...again.started].filter((id) => id === soon)).toEqual([soon]);
		const [row] = await testDb.db.select().from(bugBash).where(eq(bugBash.id, soon));
		expect(row.state).toBe('live');
		const ended = await moveBashesOnTime(new Date(Date.now() + 61_000));
		expect(ended.ended).toContain(soon);
		const events = await testDb.db
			.select()
			.from(roomEvent)
			.where(eq(roomEvent.room, `bugbash:${soon}`));
		expect(events.map((e) => e.type)).toEqual(['bash.started', 'bash.ended']);
	});
});
