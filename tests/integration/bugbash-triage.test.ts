// Triage rules and points: accept (with the first-find bonus), duplicate, not a bug, undo,
// comments and attachments, checked against what the ledger and the board hold.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bashSchema } from '../../src/lib/bugbash/schemas';
import { checkAttachments } from '../../src/lib/server/attachments';
import { attachmentsOfEscalation } from '../../src/lib/server/escalations';
import { attachmentsOfBug, standingsOf, bugDetail } from '../../src/lib/server/bugbash';
import {
	addOrganiser,
	commentOnBug,
	createBash,
	joinBash,
	logBug,
	startBash
} from '../../src/lib/server/bugbash';
import { promoteToEscalation } from '../../src/lib/server/bugbash';
import { triageBug, undoDecision } from '../../src/lib/server/bugbash';
import { bug, bugBashParticipant } from '../../src/lib/server/bugbash/schema';
import { escalation } from '../../src/lib/server/escalations/schema';
import { balanceOf, spendPoints, verifyLedgerTotals } from '../../src/lib/server/ledger';
import { bugReport } from '../helpers/reports';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { addPerson, addTeam, eventsIn, ledgerOf } from '../helpers/ledger';
import { refusal } from '../helpers/refusal';

let testDb: TestDatabase;
let organiser: number;
let agent: number;
let engineer: number;
let bashId: number;

const report = bugReport;

beforeAll(async () => {
	testDb = await createTestDatabase();
	const product = await addTeam(testDb, 'Checkout squad', 'product');
	const support = await addTeam(testDb, 'Tier 1', 'support');
	const platform = await addTeam(testDb, 'Payments platform', 'engineering');
	organiser = await addPerson(testDb, 'Olive Organiser', product.id);
	agent = await addPerson(testDb, 'Sam Support', support.id);
	engineer = await addPerson(testDb, 'Erin Engineer', platform.id);
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

describe('accepting', () => {
	it('gives the reporter the severity’s points, plus the bonus for the first accepted bug', async () => {
		const first = await logBug(agent, bashId, report('Pay button does nothing'));
		const second = await logBug(engineer, bashId, report('Coupon field clears itself'));
		await triageBug(organiser, first.bugId, { kind: 'accepted', severity: 'high' });
		await triageBug(organiser, second.bugId, { kind: 'accepted' });
		expect(await balanceOf(agent)).toBe(5 + 2);
		expect(await balanceOf(engineer)).toBe(3);
		const [row] = await testDb.db.select().from(bug).where(eq(bug.id, first.bugId));
		expect(row).toMatchObject({ status: 'accepted', severity: 'high' });
		const standings = await standingsOf(bashId);
		expect(standings.people.map((p) => [p.name, p.points])).toEqual([
			['Sam Support', 7],
			['Erin Engineer', 3]
		]);
		expect(standings.departments.map((d) => [d.name, d.points])).toEqual([
			['Support', 7],
			['Engineering', 3]
		]);
		expect((await verifyLedgerTotals()).ok).toBe(true);
	});

	it('tells the reporter, live', async () => {
		const notices = (await eventsIn(testDb, `user:${agent}`)).filter((e) => e.type === 'notice');
		expect(notices.at(-1)?.payload).toMatchObject({
			text: 'Your bug “Pay button does nothing” was accepted (+7 points, the first of the bash).'
		});
	});

	it('is for organisers only, and a decided bug must be undone before deciding again', async () => {
		const logged = await logBug(engineer, bashId, report('Receipt email never arrives'));
		const err = await refusal(triageBug(agent, logged.bugId, { kind: 'accepted' }));
		expect(err.message).toBe('Only the organisers of this bash can do that.');
		await triageBug(organiser, logged.bugId, { kind: 'accepted', severity: 'low' });
		expect((await refusal(triageBug(organiser, logged.bugId, { kind: 'accepted' }))).message).toBe(
			'This bug has already been triaged: undo that decision first.'
		);
		expect(await balanceOf(engineer)).toBe(3 + 1);
	});
});

describe('undo', () => {
	it('reverses the points with compensating rows and restores the reported severity', async () => {
		const logged = await logBug(
			agent,
			bashId,
			report('Card form loses focus', { severity: 'low' })
		);
		const before = await balanceOf(agent);
		await triageBug(organiser, logged.bugId, { kind: 'accepted', severity: 'critical' });
		expect(await balanceOf(agent)).toBe(before + 10);
		await undoDecision(organiser, logged.bugId);
		expect(await balanceOf(agent)).toBe(before);
		const [row] = await testDb.db.select().from(bug).where(eq(bug.id, logged.bugId));
		expect(row).toMatchObject({ status: 'new', severity: 'low' });
		const rows = (await ledgerOf(testDb, agent)).filter((r) => r.kind === 'reversal');
		expect(rows.at(-1)).toMatchObject({ amount: -10, scopes: [`bugbash:${bashId}`] });
		// Decided again, it earns afresh.
		await triageBug(organiser, logged.bugId, { kind: 'accepted' });
		expect(await balanceOf(agent)).toBe(before + 1);
		expect((await verifyLedgerTotals()).ok).toBe(true);
	});

	it('moves nothing when the points were already spent', async () => {
		const logged = await logBug(engineer, bashId, report('Totals show NaN', { severity: 'high' }));
		await triageBug(organiser, logged.bugId, { kind: 'accepted' });
		const balance = await balanceOf(engineer);
		await spendPoints({ personId: engineer, amount: balance, sourceKind: 'test', sourceId: 1 });
		const err = await refusal(undoDecision(organiser, logged.bugId));
		expect(err.message).toMatch(/already spent/);
		const [row] = await testDb.db.select().from(bug).where(eq(bug.id, logged.bugId));
		expect(row.status).toBe('accepted');
	});

	it('has nothing to undo on a new bug', async () => {
		const logged = await logBug(agent, bashId, report('Tooltip overlaps the total'));
		expect((await refusal(undoDecision(organiser, logged.bugId))).message).toBe(
			'There is nothing to undo.'
		);
	});
});

describe('duplicates and not-a-bug', () => {
	it('credits the duplicate’s reporter with the confirmation point; the original keeps its find', async () => {
		const original = await logBug(engineer, bashId, report('Apple Pay sheet never opens'));
		const copy = await logBug(agent, bashId, report('Apple Pay does not open'));
		const agentBefore = await balanceOf(agent);
		await triageBug(organiser, copy.bugId, { kind: 'duplicate', duplicateOfId: original.bugId });
		expect(await balanceOf(agent)).toBe(agentBefore + 1);
		const [row] = await testDb.db.select().from(bug).where(eq(bug.id, copy.bugId));
		expect(row).toMatchObject({ status: 'duplicate', duplicateOfId: original.bugId });
		const self = await refusal(
			triageBug(organiser, original.bugId, { kind: 'duplicate', duplicateOfId: original.bugId })
		);
		expect(self.field).toBe('duplicateOfId');
		const ofDuplicate = await logBug(engineer, bashId, report('Apple Pay button dead'));
		const err = await refusal(
			triageBug(organiser, ofDuplicate.bugId, { kind: 'duplicate', duplicateOfId: copy.bugId })
		);
		expect(err.message).toMatch(/not an open original/);
	});

	it('closes a bug as not a bug with its reason, and no points', async () => {
		const logged = await logBug(agent, bashId, report('Prices shown in euros'));
		const before = await balanceOf(agent);
		const err = await refusal(
			triageBug(organiser, logged.bugId, { kind: 'not_a_bug', reason: ' ' })
		);
		expect(err.field).toBe('reason');
		await triageBug(organiser, logged.bugId, {
			kind: 'not_a_bug',
			reason: 'The test account is set to Germany'
		});
		expect(await balanceOf(agent)).toBe(before);
		const detail = (await bugDetail(bashId, logged.bugId))!;
		expect(detail.bug).toMatchObject({
			status: 'not_a_bug',
			notABugReason: 'The test account is set to Germany'
		});
		expect(detail.decisions.map((d) => d.kind)).toEqual(['not_a_bug']);
	});

	it('keeps the ledger invariant after all of it', async () => {
		expect(await verifyLedgerTotals()).toEqual({ ok: true, problems: [] });
	});
});

describe('comments, participants and attachments', () => {
	it('records comments in the bash room and tells the reporter and organisers', async () => {
		const logged = await logBug(agent, bashId, report('Spinner never stops'));
		await commentOnBug(engineer, logged.bugId, '  Reproduced on Firefox too  ');
		const detail = (await bugDetail(bashId, logged.bugId))!;
		expect(detail.comments.map((c) => [c.authorName, c.body])).toEqual([
			['Erin Engineer', 'Reproduced on Firefox too']
		]);
		const toAgent = (await eventsIn(testDb, `user:${agent}`)).at(-1);
		const toOrganiser = (await eventsIn(testDb, `user:${organiser}`)).at(-1);
		expect(toAgent?.payload).toMatchObject({ text: 'New comment on “Spinner never stops”.' });
		expect(toOrganiser?.type).toBe('notice');
		expect((await refusal(commentOnBug(engineer, logged.bugId, '   '))).field).toBe('body');
	});

	it('counts whoever joins a live bash once', async () => {
		await joinBash(engineer, bashId);
		await joinBash(engineer, bashId);
		const rows = await testDb.db
			.select()
			.from(bugBashParticipant)
			.where(eq(bugBashParticipant.bashId, bashId));
		expect(rows.filter((r) => r.personId === engineer)).toHaveLength(1);
	});

	it('stores screenshots and logs, judged by their bytes, within the limits', async () => {
		const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
		const files = await checkAttachments([
			new File([png], 'cart.png', { type: 'image/png' }),
			new File(['GET /cart 500\n'], 'console.log', { type: 'text/plain' })
		]);
		expect(files.map((f) => f.contentType)).toEqual(['image/png', 'text/plain']);
		const logged = await logBug(agent, bashId, report('Cart page 500s'), files);
		const stored = await attachmentsOfBug(logged.bugId);
		expect(stored.map((a) => [a.fileName, a.size])).toEqual([
			['cart.png', png.byteLength],
			['console.log', 14]
		]);
	});

	it('refuses a disguised, an oversized or one file too many, with the file named', async () => {
		const fake = new File(['MZ not an image'], 'photo.png', { type: 'image/png' });
		expect((await refusal(checkAttachments([fake]))).message).toMatch(
			/“photo.png” is not a screenshot/
		);
		const big = new File([new Uint8Array(5 * 1024 * 1024 + 1)], 'huge.log');
		const tooBig = await refusal(checkAttachments([big]));
		expect(tooBig).toMatchObject({ field: 'attachments' });
		expect(tooBig.message).toMatch(/“huge.log” is 5.0 MB; the limit is 5 MB per file/);
		const many = Array.from({ length: 6 }, (_, i) => new File(['x'], `${i}.txt`));
		expect((await refusal(checkAttachments(many))).message).toBe('Attach at most 5 files.');
	});
});

describe('promoting to an escalation', () => {
	it('carries the whole report, the files and a link back, once per form', async () => {
		const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 9]);
		const files = await checkAttachments([new File([png], 'blank.png')]);
		const logged = await logBug(
			agent,
			bashId,
			report('Blank page after 3-D Secure', { severity: 'critical' }),
			files
		);
		const form = {
			clientKey: crypto.randomUUID(),
			customerName: 'Acme',
			customerTier: 'enterprise'
		};
		expect((await refusal(promoteToEscalation(organiser, logged.bugId, form))).message).toBe(
			'Accept the bug before escalating it.'
		);
		await triageBug(organiser, logged.bugId, { kind: 'accepted' });
		expect((await refusal(promoteToEscalation(agent, logged.bugId, form))).message).toBe(
			'Only the organisers of this bash can do that.'
		);
		const first = await promoteToEscalation(organiser, logged.bugId, form);
		const again = await promoteToEscalation(organiser, logged.bugId, form);
		expect(again).toEqual({ escalationId: first.escalationId, created: false });
		const [row] = await testDb.db
			.select()
			.from(escalation)
			.where(eq(escalation.id, first.escalationId));
		expect(row).toMatchObject({
			title: 'Blank page after 3-D Secure',
			severity: 'critical',
			steps: '1. Open the cart\n2. Press Pay',
			expected: 'The order is placed',
			actual: 'Nothing happens',
			customerName: 'Acme',
			customerTier: 'enterprise',
			status: 'open'
		});
		// The link lives on the bug: the bug bash depends on escalations, not the reverse.
		const [linked] = await testDb.db.select().from(bug).where(eq(bug.id, logged.bugId));
		expect(linked.escalationId).toBe(first.escalationId);
		expect(row.description).toContain('Checkout v2 bash');
		expect(await attachmentsOfEscalation(first.escalationId)).toHaveLength(1);
		const detail = (await bugDetail(bashId, logged.bugId))!;
		expect(detail.bug.status).toBe('escalated');
		expect(detail.escalationId).toBe(first.escalationId);
		const notice = (await eventsIn(testDb, `user:${agent}`)).at(-1);
		expect(notice?.payload).toMatchObject({
			text: `“Blank page after 3-D Secure” was escalated to engineering as #${first.escalationId}.`
		});
		expect((await refusal(undoDecision(organiser, logged.bugId))).message).toMatch(
			/already an escalation/
		);
		const other = { clientKey: crypto.randomUUID() };
		expect((await refusal(promoteToEscalation(organiser, logged.bugId, other))).message).toBe(
			`That bug is already escalation #${first.escalationId}.`
		);
	});

	it('refuses a bad customer link next to its field', async () => {
		const logged = await logBug(agent, bashId, report('Stuck on the review step'));
		await triageBug(organiser, logged.bugId, { kind: 'accepted' });
		const err = await refusal(
			promoteToEscalation(organiser, logged.bugId, {
				clientKey: crypto.randomUUID(),
				customerUrl: 'javascript:alert(1)'
			})
		);
		expect(err.field).toBe('customerUrl');
	});
});

describe('organisers and fairness', () => {
	it('lets an organiser add a co-organiser, who may then triage', async () => {
		const colleague = await addPerson(testDb, 'Cora Co-organiser');
		expect((await refusal(addOrganiser(agent, bashId, colleague))).message).toBe(
			'Only the organisers of this bash can do that.'
		);
		await addOrganiser(organiser, bashId, colleague);
		await addOrganiser(organiser, bashId, colleague);
		const logged = await logBug(agent, bashId, report('Save button hidden on small screens'));
		await triageBug(colleague, logged.bugId, { kind: 'not_a_bug', reason: 'Known: design ticket' });
		const detail = (await bugDetail(bashId, logged.bugId))!;
		expect(detail.decisions[0].deciderName).toBe('Cora Co-organiser');
	});

	it('never lets an organiser score their own bug', async () => {
		const own = await logBug(organiser, bashId, report('Organiser found a typo'));
		const err = await refusal(triageBug(organiser, own.bugId, { kind: 'accepted' }));
		expect(err.message).toBe('Points for your own bug: another organiser has to triage it.');
		expect(await balanceOf(organiser)).toBe(0);
	});

	it('passes the first-find bonus on when the first accepted bug is undone', async () => {
		const bash = await createBash(
			organiser,
			bashSchema.parse({
				title: 'Bonus bash',
				feature: 'Bonus',
				startsAt: new Date(),
				endsAt: new Date(Date.now() + 3_600_000)
			})
		);
		await startBash(organiser, bash);
		const a = await logBug(agent, bash, report('First find', { area: 'Anything' }));
		const b = await logBug(engineer, bash, report('Second find', { area: 'Anything' }));
		const agentBefore = await balanceOf(agent);
		const engineerBefore = await balanceOf(engineer);
		await triageBug(organiser, a.bugId, { kind: 'accepted' });
		await triageBug(organiser, b.bugId, { kind: 'accepted' });
		expect(await balanceOf(agent)).toBe(agentBefore + 3 + 2);
		expect(await balanceOf(engineer)).toBe(engineerBefore + 3);
		await undoDecision(organiser, a.bugId);
		expect(await balanceOf(agent)).toBe(agentBefore);
		expect(await balanceOf(engineer)).toBe(engineerBefore + 3 + 2);
		await triageBug(organiser, a.bugId, { kind: 'accepted' });
		expect(await balanceOf(agent)).toBe(agentBefore + 3);
		expect((await verifyLedgerTotals()).ok).toBe(true);
	});
});
