// The reactions capability: toggling, one row per person and kind even when the same
// toggle races, counts per subject, the live event in the owner's room, and the kudos
// wall as its first owner (a hidden kudos takes no reactions).
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kudosSchema } from '../../src/lib/kudos/schemas';
import { giveKudos, hideKudos, toggleReaction, wallOf } from '../../src/lib/server/kudos';
import { companyValue } from '../../src/lib/server/kudos/schema';
import { person } from '../../src/lib/server/org/schema';
import { withEvents } from '../../src/lib/server/realtime';
import {
	reactionCounts,
	reactionsOn,
	toggleReactionIn,
	type ReactionSubject
} from '../../src/lib/server/reactions';
import { reaction } from '../../src/lib/server/reactions/schema';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { addPerson, addTeam, eventsIn } from '../helpers/ledger';
import { untyped } from '../helpers/realtime';
import { refusal } from '../helpers/refusal';

let testDb: TestDatabase;
let people: number[];
let admin: number;

const demo = (id: number): ReactionSubject => ({ kind: 'demo', id });

function toggle(personId: number, subject: ReactionSubject, kind: unknown) {
	return withEvents((tx, record) =>
		toggleReactionIn(tx, record, personId, subject, kind, {
			// A subject kind no module has yet: its room and event are made up for the test.
			announce: (recordIn, counts) =>
				untyped(recordIn)(`demo:${subject.id}`, 'demo.reacted', { demoId: subject.id, ...counts })
		})
	);
}

async function rowsOn(subject: ReactionSubject) {
	return testDb.db
		.select()
		.from(reaction)
		.where(and(eq(reaction.subjectKind, subject.kind), eq(reaction.subjectId, subject.id)));
}

beforeAll(async () => {
	testDb = await createTestDatabase();
	const team = await addTeam(testDb, 'Crowd', 'other');
	people = [];
	for (let n = 0; n < 12; n++) people.push(await addPerson(testDb, `Person ${n}`, team.id));
	admin = await addPerson(testDb, 'Ada Admin', team.id);
	await testDb.db.update(person).set({ role: 'admin' }).where(eq(person.id, admin));
});
afterAll(async () => {
	await testDb?.destroy();
});

describe('toggling', () => {
	it('turns a reaction on and off, counts per kind, and tells the owner’s room without naming anyone', async () => {
		const subject = demo(1);
		expect(await toggle(people[0], subject, 'tada')).toBe(true);
		expect(await toggle(people[1], subject, 'tada')).toBe(true);
		expect(await toggle(people[1], subject, 'heart')).toBe(true);
		expect(await reactionCounts(subject)).toEqual({ tada: 2, heart: 1 });
		expect(await toggle(people[1], subject, 'tada')).toBe(false);
		expect(await reactionCounts(subject)).toEqual({ tada: 1, heart: 1 });
		const events = await eventsIn(testDb, 'demo:1');
		expect(events.map((e) => e.type)).toEqual(Array(4).fill('demo.reacted'));
		expect(events.at(-1)).toMatchObject({
			actorId: null,
			payload: { subjectKind: 'demo', subjectId: 1, demoId: 1, counts: { tada: 1, heart: 1 } }
		});
		// Other subjects, even with the same id under another kind, are untouched.
		expect(await reactionCounts({ kind: 'kudos', id: 1 })).toEqual({});
	});

	it('refuses a kind outside the fixed set, storing nothing', async () => {
		const subject = demo(2);
		for (const bogus of ['skull', '', null, '<script>']) {
			expect((await refusal(toggle(people[0], subject, bogus))).message).toBe(
				'Choose one of the reactions.'
			);
		}
		expect(await rowsOn(subject)).toEqual([]);
		expect(await eventsIn(testDb, 'demo:2')).toEqual([]);
	});

	it('keeps one row per person and kind when the same toggle races', async () => {
		const subject = demo(3);
		await Promise.all(Array.from({ length: 10 }, () => toggle(people[0], subject, 'rocket')));
		const rows = await rowsOn(subject);
		expect(rows.length).toBeLessThanOrEqual(1);
		expect(rows.every((r) => r.personId === people[0] && r.kind === 'rocket')).toBe(true);
	});

	it('counts everyone who reacts at the same moment', async () => {
		const subject = demo(4);
		await Promise.all(people.map((p) => toggle(p, subject, 'clap')));
		expect(await reactionCounts(subject)).toEqual({ clap: people.length });
		const [group] = await reactionsOn('demo', [4]);
		expect(group).toEqual({
			subjectId: 4,
			kind: 'clap',
			people: [...people].sort((a, b) => a - b)
		});
	});
});

describe('on the kudos wall', () => {
	it('reacts on a kudos on the wall, and refuses one that was hidden', async () => {
		const [{ id: valueId }] = await testDb.db
			.select({ id: companyValue.id })
			.from(companyValue)
			.limit(1);
		const { kudosId } = await giveKudos(
			people[0],
			kudosSchema.parse({
				clientKey: crypto.randomUUID(),
				recipientIds: [people[1]],
				message: 'Thanks for the **fast** fix',
				valueId,
				points: 0
			})
		);
		expect(await toggleReaction(people[2], kudosId, 'star')).toBe(true);
		const { cards } = await wallOf({}, { viewerId: people[2] });
		expect(cards.find((c) => c.id === kudosId)?.reactions).toEqual([
			{ emoji: 'star', count: 1, mine: true }
		]);
		expect((await eventsIn(testDb, 'kudos')).at(-1)).toMatchObject({
			type: 'kudos.reacted',
			payload: { kudosId, subjectKind: 'kudos', subjectId: kudosId, counts: { star: 1 } }
		});
		await hideKudos(admin, kudosId, 'Posted twice');
		expect((await refusal(toggleReaction(people[3], kudosId, 'star'))).message).toBe(
			'That kudos is not on the wall.'
		);
		expect(await reactionCounts({ kind: 'kudos', id: kudosId })).toEqual({ star: 1 });
	});
});
