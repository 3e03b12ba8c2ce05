// A reporter corrects their own bug before triage: the report and its files change, the
// board hears it, and nobody else (nor anyone after triage) may change it.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bashSchema, bugEditSchema } from '../../src/lib/bugbash/schemas';
import { checkAttachments } from '../../src/lib/server/attachments';
import {
	attachmentsOfBug,
	createBash,
	editBug,
	logBug,
	startBash,
	triageBug
} from '../../src/lib/server/bugbash';
import { bug } from '../../src/lib/server/bugbash/schema';
import { bugReport } from '../helpers/reports';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { addPerson, addTeam, eventsIn } from '../helpers/ledger';
import { refusal } from '../helpers/refusal';

let testDb: TestDatabase;
let organiser: number;
let reporter: number;
let colleague: number;
let bashId: number;

beforeAll(async () => {
	testDb = await createTestDatabase();
	const product = await addTeam(testDb, 'Checkout squad', 'product');
	const support = await addTeam(testDb, 'Tier 1', 'support');
	organiser = await addPerson(testDb, 'Olive Organiser', product.id);
	reporter = await addPerson(testDb, 'Sam Support', support.id);
	colleague = await addPerson(testDb, 'Cleo Colleague', support.id);
	bashId = await createBash(
		organiser,
		bashSchema.parse({
			title: 'Checkout v2 bash',
			feature: 'Checkout v2',
			areas: ['Checkout', 'Payments'],
			startsAt: new Date(),
			endsAt: new Date(Date.now() + 3_600_000)
		})
	);
	await startBash(organiser, bashId);
});
afterAll(async () => {
	await testDb?.destroy();
});

const corrected = (extra: Record<string, unknown> = {}) =>
	bugEditSchema.parse({
		title: 'Pay button does nothing on Safari',
		area: 'Payments',
		severity: 'high',
		steps: '1. Open the cart in Safari\n2. Press Pay',
		expected: 'The order is placed',
		actual: 'Nothing happens; the console shows a TypeError',
		environment: 'Safari 19, macOS',
		...extra
	});

async function stored(bugId: number) {
	const [row] = await testDb.db.select().from(bug).where(eq(bug.id, bugId));
	return row;
}

describe('editing one’s own bug', () => {
	it('saves the corrections and files, drops the chosen file, and tells the board', async () => {
		const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
		const first = await checkAttachments([new File([png], 'cart.png', { type: 'image/png' })]);
		const { bugId } = await logBug(reporter, bashId, bugReport('Pay button broken'), first);
		const [old] = await attachmentsOfBug(bugId);

		const log = await checkAttachments([new File(['TypeError at pay.js:12\n'], 'console.log')]);
		await editBug(reporter, bugId, corrected({ removeAttachments: [old.id] }), log);

		expect(await stored(bugId)).toMatchObject({
			title: 'Pay button does nothing on Safari',
			area: 'Payments',
			severity: 'high',
			status: 'new',
			environment: 'Safari 19, macOS'
		});
		expect((await attachmentsOfBug(bugId)).map((a) => a.fileName)).toEqual(['console.log']);
		const edited = (await eventsIn(testDb, `bugbash:${bashId}`)).filter(
			(e) => e.type === 'bug.edited'
		);
		expect(edited.at(-1)?.payload).toEqual({
			bugId,
			title: 'Pay button does nothing on Safari',
			area: 'Payments',
			severity: 'high',
			attachments: 1
		});
	});

	it('refuses anyone but the reporter, and changes nothing', async () => {
		const { bugId } = await logBug(reporter, bashId, bugReport('Coupon field too narrow'));
		for (const someone of [colleague, organiser]) {
			expect((await refusal(editBug(someone, bugId, corrected()))).message).toBe(
				'Only the person who reported a bug can edit it.'
			);
		}
		expect((await stored(bugId)).title).toBe('Coupon field too narrow');
	});

	it('refuses once the bug is triaged: the decision was taken on what it said', async () => {
		const { bugId } = await logBug(reporter, bashId, bugReport('Totals round wrongly'));
		await triageBug(organiser, bugId, { kind: 'accepted' });
		expect((await refusal(editBug(reporter, bugId, corrected()))).message).toBe(
			'This bug has been triaged: add a comment instead.'
		);
		expect((await stored(bugId)).title).toBe('Totals round wrongly');
	});

	it('refuses an area outside the bash and more files than a bug carries', async () => {
		const { bugId } = await logBug(reporter, bashId, bugReport('Address form loses input'));
		const wrongArea = await refusal(editBug(reporter, bugId, corrected({ area: 'Search' })));
		expect(wrongArea).toMatchObject({ field: 'area', message: 'Choose one of the bash’s areas.' });
		for (let round = 0; round < 2; round++) {
			const five = Array.from({ length: 5 }, (_, i) => new File(['x'], `${round}-${i}.txt`));
			await editBug(reporter, bugId, corrected(), await checkAttachments(five));
		}
		const one = await checkAttachments([new File(['x'], 'eleventh.txt')]);
		const tooMany = await refusal(editBug(reporter, bugId, corrected(), one));
		expect(tooMany).toMatchObject({
			field: 'attachments',
			message: 'A bug carries at most 10 files: remove some first.'
		});
		expect(await attachmentsOfBug(bugId)).toHaveLength(10);
	});

	it('refuses a bad report before anything is stored', () => {
		const bad = bugEditSchema.safeParse({ ...corrected(), title: 'x', removeAttachments: [-1] });
		expect(bad.success).toBe(false);
		const issues = bad.error!.issues.map((i) => i.path.join('.'));
		expect(issues).toEqual(['title', 'removeAttachments.0']);
	});
});
