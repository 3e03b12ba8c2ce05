// From a demo's replay: a comment becomes a feature request or a bug in a running bash,
// each carrying a link back to its moment and made at most once; and who watched the
// recording is counted once per person.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bashSchema } from '../../src/lib/bugbash/schemas';
import { createBash, endBash, startBash } from '../../src/lib/server/bugbash';
import { bug } from '../../src/lib/server/bugbash/schema';
import {
	bugFromComment,
	endDemo,
	goLive,
	logOf,
	postComment,
	recordingWatchers,
	recordRecordingView,
	requestFromComment,
	resetCommentBudgets,
	scheduleDemo
} from '../../src/lib/server/demos';
import { demo, demoComment } from '../../src/lib/server/demos/schema';
import { mediaFile } from '../../src/lib/server/media/schema';
import { registerModules } from '../../src/lib/server/modules';
import { person } from '../../src/lib/server/org/schema';
import { featureRequest } from '../../src/lib/server/requests/schema';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { demoCast, demoInput } from '../helpers/demos';
import { eventsIn } from '../helpers/ledger';
import { refusal } from '../helpers/refusal';

const refused = async (p: Promise<unknown>) => (await refusal(p)).message;

let testDb: TestDatabase;
let cast: Awaited<ReturnType<typeof demoCast>>;
let demoId: number;

beforeAll(async () => {
	registerModules();
	testDb = await createTestDatabase();
	cast = await demoCast(testDb);
	resetCommentBudgets();
	demoId = await scheduleDemo(
		cast.presenter,
		demoInput([cast.presenter], 3_600_000, { title: 'Bulk export', feature: 'Reports 3.0' })
	);
	await goLive(cast.presenter, demoId);
}, 180_000);

afterAll(async () => {
	await testDb?.destroy();
});

async function comment(by: number, body: string) {
	return postComment(by, demoId, { body, kind: 'comment' });
}

describe('a comment becomes a feature request', () => {
	it('opens the request with a link to the moment, once, and the log shows it', async () => {
		const said = await comment(cast.viewers[0], 'Customers want the export scheduled weekly');
		const requestId = await requestFromComment(cast.viewers[1], said.id);
		const [row] = await testDb.db
			.select()
			.from(featureRequest)
			.where(eq(featureRequest.id, requestId));
		expect(row).toMatchObject({
			title: 'Customers want the export scheduled weekly',
			area: 'Reports 3.0',
			createdById: cast.viewers[1]
		});
		expect(row.problem).toContain(`/demos/${demoId}?t=${Math.floor(said.offsetMs / 1000)}`);
		expect(row.problem).toContain('“Bulk export”');
		const line = (await logOf(demoId)).find((c) => c.id === said.id);
		expect(line?.featureRequestId).toBe(requestId);
		const events = await eventsIn(testDb, `demo:${demoId}`);
		expect(events.at(-1)).toMatchObject({
			type: 'demo.filed',
			payload: { commentId: said.id, kind: 'request', href: `/requests/${requestId}` }
		});

		expect(await refused(requestFromComment(cast.viewers[2], said.id))).toBe(
			`That comment is already feature request #${requestId}.`
		);
		const all = await testDb.db.select({ id: featureRequest.id }).from(featureRequest);
		expect(all).toHaveLength(1);
	});

	it('refuses a comment that does not exist and a deactivated member, writing nothing', async () => {
		expect(await refused(requestFromComment(cast.viewers[0], 999_999))).toBe(
			'That comment does not exist.'
		);
		const said = await comment(cast.viewers[0], 'Dark mode for the export page');
		await testDb.db.update(person).set({ active: false }).where(eq(person.id, cast.viewers[2]));
		try {
			expect(await refused(requestFromComment(cast.viewers[2], said.id))).toBe(
				'Only members can do that.'
			);
		} finally {
			await testDb.db.update(person).set({ active: true }).where(eq(person.id, cast.viewers[2]));
		}
		const [row] = await testDb.db.select().from(demoComment).where(eq(demoComment.id, said.id));
		expect(row.featureRequestId).toBeNull();
	});
});

describe('a comment becomes a bug in a running bash', () => {
	let bashId: number;

	beforeAll(async () => {
		bashId = await createBash(
			cast.admin,
			bashSchema.parse({
				title: 'Reports bash',
				feature: 'Reports 3.0',
				areas: ['Export', 'Charts'],
				startsAt: new Date(),
				endsAt: new Date(Date.now() + 3_600_000)
			})
		);
		await startBash(cast.admin, bashId);
	});

	it('logs the bug in the chosen area with steps pointing at the moment, once', async () => {
		const said = await comment(cast.viewers[0], 'The CSV export drops the last row');
		const target = { bashId, area: 'Export', clientKey: 'demo-bug-key-1' };
		const filed = await bugFromComment(cast.viewers[1], said.id, target);
		const [row] = await testDb.db.select().from(bug).where(eq(bug.id, filed.bugId));
		expect(row).toMatchObject({
			bashId,
			area: 'Export',
			reporterId: cast.viewers[1],
			title: 'The CSV export drops the last row',
			actual: 'The CSV export drops the last row'
		});
		expect(row.steps).toContain(`/demos/${demoId}?t=${Math.floor(said.offsetMs / 1000)}`);
		const line = (await logOf(demoId)).find((c) => c.id === said.id);
		expect(line?.bug).toEqual({ bashId, bugId: filed.bugId });
		const board = await eventsIn(testDb, `bugbash:${bashId}`);
		expect(board.some((e) => e.type === 'bug.logged')).toBe(true);

		expect(
			await refused(
				bugFromComment(cast.viewers[2], said.id, { ...target, clientKey: 'other-key-2' })
			)
		).toBe(`That comment is already bug #${filed.bugId}.`);
	});

	it('refuses an area the bash does not have and a bash that is not running', async () => {
		const said = await comment(cast.viewers[0], 'Charts flicker when the export runs');
		const key = { clientKey: 'demo-bug-key-3' };
		expect(
			await refused(bugFromComment(cast.viewers[1], said.id, { bashId, area: 'Nope', ...key }))
		).toBe('Choose one of the bash’s areas.');
		await endBash(cast.admin, bashId);
		expect(
			await refused(bugFromComment(cast.viewers[1], said.id, { bashId, area: 'Charts', ...key }))
		).toBe('Bugs can be logged while the bash is live.');
		const bugs = await testDb.db.select({ id: bug.id }).from(bug).where(eq(bug.bashId, bashId));
		expect(bugs).toHaveLength(1);
		const [row] = await testDb.db.select().from(demoComment).where(eq(demoComment.id, said.id));
		expect(row.bugId).toBeNull();
	});
});

describe('who watched the recording', () => {
	it('counts each person once, and only for a demo with a recording', async () => {
		await endDemo(cast.presenter, demoId);
		expect(await refused(recordRecordingView(cast.viewers[0], demoId))).toBe(
			'That demo has no recording to watch.'
		);
		expect(await recordingWatchers(demoId)).toBe(0);
		const [media] = await testDb.db
			.insert(mediaFile)
			.values({
				ownerId: cast.presenter,
				purpose: 'demo-recording',
				storageKey: 'links-test-recording',
				status: 'ready',
				contentType: 'video/webm',
				sizeBytes: 1000
			})
			.returning();
		await testDb.db.update(demo).set({ recordingMediaId: media.id }).where(eq(demo.id, demoId));

		expect(await recordRecordingView(cast.viewers[0], demoId)).toBe(true);
		expect(await recordRecordingView(cast.viewers[0], demoId)).toBe(false);
		expect(await recordRecordingView(cast.viewers[1], demoId)).toBe(true);
		expect(await recordingWatchers(demoId)).toBe(2);
	});
});
