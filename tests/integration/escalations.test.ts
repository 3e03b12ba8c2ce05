import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bashSchema, bugSchema } from '../../src/lib/bugbash/schemas';
import {
	escalationAssigneeSchema,
	escalationCommentSchema,
	escalationSchema
} from '../../src/lib/escalations/schemas';
import { checkAttachments } from '../../src/lib/server/attachments';
import type { SessionPerson } from '../../src/lib/server/auth';
import {
	bugBehindEscalation,
	createBash,
	logBug,
	promoteToEscalation,
	startBash,
	triageBug
} from '../../src/lib/server/bugbash';
import { escalation, escalationHistory } from '../../src/lib/server/escalations/schema';
import { comment } from '../../src/lib/server/comments/schema';
import { person } from '../../src/lib/server/org/schema';
import {
	assignablePeople,
	assignEscalation,
	attachmentsOfEscalation,
	changeStatus,
	commentOnEscalation,
	commentsOf,
	escalationDetail,
	historyOf,
	listEscalations,
	openEscalation
} from '../../src/lib/server/escalations';
import { canJoinRoom } from '../../src/lib/server/realtime/rooms';
import { registerModules } from '../../src/lib/server/modules';
import { escalationReport } from '../helpers/reports';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { addPerson, addTeam, eventsIn } from '../helpers/ledger';
import { refusal } from '../helpers/refusal';

let testDb: TestDatabase;
let agent: number;
let otherAgent: number;
let engineer: number;
let productManager: number;
let admin: number;
let formerEngineer: number;

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

/** The shared escalation report, with a support ticket linked. */
function report(title: string, extra: Record<string, unknown> = {}) {
	return escalationReport(title, {
		ticketUrl: 'https://support.example.com/tickets/481',
		...extra
	});
}

async function row(id: number) {
	const [found] = await testDb.db.select().from(escalation).where(eq(escalation.id, id));
	return found;
}

async function noticesFor(personId: number) {
	const events = await eventsIn(testDb, `user:${personId}`);
	return events
		.filter((e) => e.type === 'notice')
		.map((e) => e.payload as { text: string; href: string })
		.map(({ text, href }) => ({ text, href }));
}

const pause = () => new Promise((resolve) => setTimeout(resolve, 5));

beforeAll(async () => {
	registerModules();
	testDb = await createTestDatabase();
	const support = await addTeam(testDb, 'Frontline', 'support');
	const platform = await addTeam(testDb, 'Platform', 'engineering');
	const design = await addTeam(testDb, 'Product Management', 'product');
	const peopleOps = await addTeam(testDb, 'People Ops', 'other');
	agent = await addPerson(testDb, 'Sam Support', support.id);
	otherAgent = await addPerson(testDb, 'Priya Support', support.id);
	engineer = await addPerson(testDb, 'Erin Engineer', platform.id);
	productManager = await addPerson(testDb, 'Maya Product', design.id);
	admin = await addPerson(testDb, 'Alex Admin', peopleOps.id);
	formerEngineer = await addPerson(testDb, 'Fred Former', platform.id);
	await testDb.db.update(person).set({ role: 'admin' }).where(eq(person.id, admin));
	await testDb.db.update(person).set({ active: false }).where(eq(person.id, formerEngineer));
});
afterAll(async () => {
	await testDb?.destroy();
});

describe('opening an escalation', () => {
	it('opens once however often the form is submitted', async () => {
		const input = report('Invoice PDF download fails');
		const results = await Promise.all([openEscalation(agent, input), openEscalation(agent, input)]);
		expect(new Set(results.map((r) => r.escalationId)).size).toBe(1);
		expect(results.filter((r) => r.created)).toHaveLength(1);
		const again = await openEscalation(agent, input);
		expect(again).toEqual({ escalationId: results[0].escalationId, created: false });

		const id = results[0].escalationId;
		const rows = await testDb.db
			.select()
			.from(escalation)
			.where(eq(escalation.clientKey, input.clientKey));
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({
			status: 'open',
			reporterId: agent,
			customerName: 'Acme Corp',
			customerTier: 'enterprise',
			customerUrl: null,
			ticketUrl: 'https://support.example.com/tickets/481',
			firstResponseAt: null
		});
		const history = await historyOf(id);
		expect(history.map((h) => [h.change, h.toValue])).toEqual([['opened', 'open']]);
		expect((await eventsIn(testDb, 'escalations')).map((e) => e.type)).toEqual([
			'escalation.opened'
		]);
		expect((await eventsIn(testDb, `escalation:${id}`)).map((e) => e.type)).toEqual([
			'escalation.opened'
		]);
	});

	it('stores checked screenshots with the escalation', async () => {
		const files = await checkAttachments([
			new File([PNG], 'error.png'),
			new File(['GET /invoices 500'], 'console.log')
		]);
		const { escalationId } = await openEscalation(agent, report('Invoice list is empty'), files);
		const stored = await attachmentsOfEscalation(escalationId);
		expect(stored.map((a) => [a.fileName, a.contentType])).toEqual([
			['error.png', 'image/png'],
			['console.log', 'text/plain']
		]);
	});

	it('explains bad input field by field', async () => {
		const parsed = escalationSchema.safeParse({
			clientKey: crypto.randomUUID(),
			title: 'PDF',
			steps: '',
			expected: 'x',
			actual: 'y',
			severity: 'urgent',
			customerTier: 'gold',
			ticketUrl: 'javascript:alert(1)'
		});
		expect(parsed.success).toBe(false);
		const fields = Object.fromEntries(
			parsed.error!.issues.map((i) => [i.path.join('.'), i.message])
		);
		expect(fields).toMatchObject({
			title: 'Describe the problem in a few words (at least 5 characters).',
			steps: 'List the steps to reproduce.',
			severity: 'Choose a severity.',
			customerTier: 'Choose one of the customer tiers.',
			ticketUrl: 'Enter the full link to the support ticket, starting with https://.'
		});
		expect(escalationCommentSchema.safeParse({ body: '   ' }).error!.issues[0].message).toBe(
			'Write a comment first.'
		);
		expect(escalationCommentSchema.safeParse({ body: 'x'.repeat(4001) }).success).toBe(false);
		expect(escalationAssigneeSchema.safeParse({ assigneeId: null }).success).toBe(true);
	});

	it('refuses a file that is not a screenshot or a log, next to the attachments', async () => {
		const err = await refusal(checkAttachments([new File(['MZ\0\0'], 'setup.exe')]));
		expect(err.field).toBe('attachments');
	});
});

describe('status changes', () => {
	it('follows the workflow and refuses other moves', async () => {
		const { escalationId } = await openEscalation(agent, report('Totals are rounded wrong'));
		const skip = await refusal(changeStatus(engineer, escalationId, 'closed'));
		expect(skip.message).toBe(
			'An escalation that is open can move to in progress or waiting on support or resolved, not to closed.'
		);
		expect(skip.field).toBe('status');
		await changeStatus(engineer, escalationId, 'in_progress');
		expect((await refusal(changeStatus(engineer, escalationId, 'in_progress'))).message).toBe(
			'The escalation is already in progress.'
		);
		await changeStatus(engineer, escalationId, 'waiting_on_support');
		await changeStatus(agent, escalationId, 'in_progress');
		await changeStatus(engineer, escalationId, 'resolved', 'Rounding fixed in 4.2.1.');
		await changeStatus(agent, escalationId, 'closed', 'Customer confirmed the totals.');
		expect((await refusal(changeStatus(agent, escalationId, 'resolved'))).message).toBe(
			'An escalation that is closed can move to open, not to resolved.'
		);
		const history = await historyOf(escalationId);
		expect(
			history.filter((h) => h.change === 'status').map((h) => [h.fromValue, h.toValue])
		).toEqual([
			['open', 'in_progress'],
			['in_progress', 'waiting_on_support'],
			['waiting_on_support', 'in_progress'],
			['in_progress', 'resolved'],
			['resolved', 'closed']
		]);
		expect(history.at(-1)).toMatchObject({ actorId: agent, actorName: 'Sam Support' });
	});

	it('lets Engineering, Product and admins start work, and not Support', async () => {
		const { escalationId } = await openEscalation(agent, report('Search ignores accents'));
		const err = await refusal(changeStatus(otherAgent, escalationId, 'in_progress'));
		expect(err.message).toBe(
			'Only Engineering or Product, the assignee or an admin can move it to in progress.'
		);
		expect((await row(escalationId)).status).toBe('open');
		await changeStatus(productManager, escalationId, 'in_progress');
		await changeStatus(admin, escalationId, 'waiting_on_support');
		await changeStatus(agent, escalationId, 'resolved', 'The customer found a workaround.');
		expect((await row(escalationId)).status).toBe('resolved');
	});

	it('sets resolvedAt on resolve, clears it on reopen, and sets closedAt on close', async () => {
		const { escalationId } = await openEscalation(agent, report('Export times out'));
		await changeStatus(engineer, escalationId, 'resolved', 'Raised the export timeout.');
		const resolved = await row(escalationId);
		expect(resolved.resolvedAt).toBeInstanceOf(Date);
		expect(resolved.closedAt).toBeNull();
		await changeStatus(agent, escalationId, 'open');
		expect((await row(escalationId)).resolvedAt).toBeNull();
		await changeStatus(engineer, escalationId, 'resolved', 'Exports are paged now.');
		await changeStatus(agent, escalationId, 'closed', 'Customer exported a full year.');
		const closed = await row(escalationId);
		expect(closed.resolvedAt).toBeInstanceOf(Date);
		expect(closed.closedAt).toBeInstanceOf(Date);
		await changeStatus(agent, escalationId, 'open');
		expect(await row(escalationId)).toMatchObject({ resolvedAt: null, closedAt: null });
	});
});

describe('assignment', () => {
	it('assigns to active Engineering and Product people only', async () => {
		const { escalationId } = await openEscalation(agent, report('Webhooks fire twice'));
		const support = await refusal(assignEscalation(engineer, escalationId, otherAgent));
		expect(support).toMatchObject({
			message:
				'Priya Support cannot take escalations: choose an active person in Engineering or Product.',
			field: 'assigneeId'
		});
		const former = await refusal(assignEscalation(engineer, escalationId, formerEngineer));
		expect(former.field).toBe('assigneeId');
		expect((await refusal(assignEscalation(engineer, escalationId, 999_999))).message).toBe(
			'That person does not exist.'
		);
		await assignEscalation(productManager, escalationId, engineer);
		expect((await row(escalationId)).assigneeId).toBe(engineer);
		await assignEscalation(admin, escalationId, null);
		expect((await row(escalationId)).assigneeId).toBeNull();
		const history = (await historyOf(escalationId)).filter((h) => h.change === 'assignee');
		expect(history.map((h) => [h.fromName, h.toName])).toEqual([
			[null, 'Erin Engineer'],
			['Erin Engineer', null]
		]);
	});

	it('refuses support people who assign, even the reporter', async () => {
		const { escalationId } = await openEscalation(agent, report('Login loops forever'));
		for (const actor of [agent, otherAgent]) {
			const err = await refusal(assignEscalation(actor, escalationId, engineer));
			expect(err.message).toBe('Only people in Engineering or Product can assign escalations.');
		}
		expect((await row(escalationId)).assigneeId).toBeNull();
	});

	it('lets the assignee move the escalation whatever their department', async () => {
		const { escalationId } = await openEscalation(agent, report('Avatars are blurry'));
		await assignEscalation(engineer, escalationId, productManager);
		await changeStatus(productManager, escalationId, 'in_progress');
		expect((await row(escalationId)).status).toBe('in_progress');
	});

	it('lists who can take escalations', async () => {
		const names = (await assignablePeople()).map((p) => p.name);
		expect(names).toEqual(['Erin Engineer', 'Maya Product']);
	});
});

describe('SLO timestamps', () => {
	it('counts the first response from Engineering or Product only', async () => {
		const { escalationId } = await openEscalation(agent, report('Reports show yesterday'));
		await commentOnEscalation(agent, escalationId, 'Customer says it started on Monday.');
		await commentOnEscalation(admin, escalationId, 'Looping in engineering.');
		expect((await row(escalationId)).firstResponseAt).toBeNull();

		await pause();
		await commentOnEscalation(engineer, escalationId, 'Looking into it.');
		const answered = await row(escalationId);
		expect(answered.firstResponseAt).toBeInstanceOf(Date);
		expect(answered.lastEngineeringUpdateAt).toEqual(answered.firstResponseAt);

		await pause();
		await changeStatus(productManager, escalationId, 'in_progress');
		const updated = await row(escalationId);
		expect(updated.firstResponseAt).toEqual(answered.firstResponseAt);
		expect(updated.lastEngineeringUpdateAt!.getTime()).toBeGreaterThan(
			answered.lastEngineeringUpdateAt!.getTime()
		);
		expect(updated.updatedAt.getTime()).toBeGreaterThan(answered.updatedAt.getTime());
	});

	it('does not count engineers answering their own escalation', async () => {
		const { escalationId } = await openEscalation(engineer, report('Flaky build on main'));
		await commentOnEscalation(engineer, escalationId, 'Happens one run in ten.');
		await changeStatus(engineer, escalationId, 'in_progress');
		expect(await row(escalationId)).toMatchObject({
			firstResponseAt: null,
			lastEngineeringUpdateAt: null
		});
		await assignEscalation(productManager, escalationId, engineer);
		expect((await row(escalationId)).firstResponseAt).toBeInstanceOf(Date);
	});
});

describe('comments and notifications', () => {
	it('tells the reporter and the assignee, never the one who acted', async () => {
		const { escalationId } = await openEscalation(agent, report('Emails arrive late'));
		await assignEscalation(productManager, escalationId, engineer);
		const before = {
			agent: (await noticesFor(agent)).length,
			engineer: (await noticesFor(engineer)).length,
			productManager: (await noticesFor(productManager)).length
		};
		await commentOnEscalation(engineer, escalationId, 'Found it: the queue was paused.');
		await changeStatus(engineer, escalationId, 'in_progress');
		await commentOnEscalation(agent, escalationId, 'Thanks! The customer confirms.');

		const toAgent = (await noticesFor(agent)).slice(before.agent);
		expect(toAgent).toEqual([
			{
				text: `Erin Engineer commented on escalation #${escalationId}`,
				href: `/escalations/${escalationId}`
			},
			{
				text: `Escalation #${escalationId} is now in progress`,
				href: `/escalations/${escalationId}`
			}
		]);
		const toEngineer = (await noticesFor(engineer)).slice(before.engineer);
		expect(toEngineer).toEqual([
			{
				text: `Sam Support commented on escalation #${escalationId}`,
				href: `/escalations/${escalationId}`
			}
		]);
		expect(await noticesFor(productManager)).toHaveLength(before.productManager);

		const comments = await commentsOf(escalationId);
		expect(comments.map((c) => [c.authorName, c.departmentKind])).toEqual([
			['Erin Engineer', 'engineering'],
			['Sam Support', 'support']
		]);
		const roomTypes = (await eventsIn(testDb, `escalation:${escalationId}`)).map((e) => e.type);
		expect(roomTypes).toEqual([
			'escalation.opened',
			'escalation.assigned',
			'comment.added',
			'escalation.status',
			'comment.added'
		]);
	});

	it('tells the assignee who lost the escalation and the one who got it', async () => {
		const { escalationId } = await openEscalation(agent, report('Dark mode flickers'));
		await assignEscalation(admin, escalationId, engineer);
		const before = (await noticesFor(engineer)).length;
		await assignEscalation(admin, escalationId, productManager);
		expect((await noticesFor(engineer)).slice(before)).toEqual([
			{
				text: `Escalation #${escalationId} is now assigned to Maya Product`,
				href: `/escalations/${escalationId}`
			}
		]);
		expect((await noticesFor(productManager)).at(-1)).toMatchObject({
			text: `Escalation #${escalationId} is now assigned to Maya Product`
		});
	});

	it('refuses an empty comment and a missing escalation, changing nothing', async () => {
		const { escalationId } = await openEscalation(agent, report('Tooltips are cut off'));
		const empty = await refusal(commentOnEscalation(agent, escalationId, '   '));
		expect(empty).toMatchObject({ message: 'Write a comment first.', field: 'body' });
		const missing = await refusal(commentOnEscalation(agent, 999_999, 'Hello?'));
		expect(missing.message).toBe('That escalation does not exist.');
		const comments = await testDb.db
			.select()
			.from(comment)
			.where(and(eq(comment.subjectKind, 'escalation'), eq(comment.subjectId, escalationId)));
		expect(comments).toHaveLength(0);
		const history = await testDb.db
			.select()
			.from(escalationHistory)
			.where(
				and(
					eq(escalationHistory.escalationId, escalationId),
					eq(escalationHistory.change, 'comment')
				)
			);
		expect(history).toHaveLength(0);
	});
});

describe('lists and detail', () => {
	it('filters by status, severity, customer and assignee', async () => {
		const globex = await openEscalation(
			agent,
			report('Globex cannot sign in', { customerName: 'Globex 100% Inc', severity: 'critical' })
		);
		await assignEscalation(engineer, globex.escalationId, productManager);
		await changeStatus(productManager, globex.escalationId, 'in_progress');
		await commentOnEscalation(productManager, globex.escalationId, 'On it.');

		const byCustomer = await listEscalations({ customer: 'globex 100%' });
		expect(byCustomer).toHaveLength(1);
		expect(byCustomer[0]).toMatchObject({
			id: globex.escalationId,
			reporterName: 'Sam Support',
			assigneeName: 'Maya Product',
			comments: 1,
			severity: 'critical',
			status: 'in_progress'
		});
		expect(await listEscalations({ customer: '100%x' })).toEqual([]);
		const critical = await listEscalations({ severity: 'critical' });
		expect(critical.map((e) => e.id)).toEqual([globex.escalationId]);
		const inProgress = await listEscalations({ status: 'in_progress', assigneeId: productManager });
		expect(inProgress.map((e) => e.id)).toContain(globex.escalationId);
		expect(inProgress.every((e) => e.status === 'in_progress')).toBe(true);
		const unassigned = await listEscalations({ assigneeId: null });
		expect(unassigned.length).toBeGreaterThan(0);
		expect(unassigned.every((e) => e.assigneeId === null)).toBe(true);
		const newestFirst = await listEscalations({ limit: 2 });
		expect(newestFirst[0].id).toBe(globex.escalationId);
		expect(newestFirst).toHaveLength(2);
	});

	it('links an escalation promoted from a bug back to its bug and bash', async () => {
		const bashId = await createBash(
			engineer,
			bashSchema.parse({
				title: 'Billing bash',
				feature: 'Billing',
				startsAt: new Date(),
				endsAt: new Date(Date.now() + 3_600_000)
			})
		);
		await startBash(engineer, bashId);
		const { bugId } = await logBug(
			agent,
			bashId,
			bugSchema.parse({
				clientKey: crypto.randomUUID(),
				title: 'Refund button missing',
				area: 'Refunds',
				severity: 'medium',
				steps: 'Open a paid invoice',
				expected: 'A refund button',
				actual: 'None'
			})
		);
		await triageBug(engineer, bugId, { kind: 'accepted' });
		const promoted = await promoteToEscalation(engineer, bugId, { clientKey: crypto.randomUUID() });
		expect(promoted.created).toBe(true);
		const detail = {
			...(await escalationDetail(promoted.escalationId)),
			...(await bugBehindEscalation(promoted.escalationId))
		};
		expect(detail).toMatchObject({
			bugId,
			bashId,
			bashTitle: 'Billing bash',
			bugTitle: 'Refund button missing',
			reporterName: 'Erin Engineer',
			reporterDepartmentKind: 'engineering'
		});
		expect(detail).not.toHaveProperty('clientKey');
		const second = await refusal(
			promoteToEscalation(engineer, bugId, { clientKey: crypto.randomUUID() })
		);
		expect(second.message).toBe(`That bug is already escalation #${promoted.escalationId}.`);
		expect(await bugBehindEscalation(999_999)).toBeNull();
		expect(await escalationDetail(999_999)).toBeNull();
	});

	it('lets anyone signed in watch escalations that exist', async () => {
		const someone = { id: otherAgent } as SessionPerson;
		const [first] = await listEscalations({ limit: 1 });
		expect(await canJoinRoom(someone, 'escalations')).toBe(true);
		expect(await canJoinRoom(someone, `escalation:${first.id}`)).toBe(true);
		expect(await canJoinRoom(someone, 'escalation:999999')).toBe(false);
		expect(await canJoinRoom(someone, 'escalation:abc')).toBe(false);
		expect(await canJoinRoom(someone, 'escalations:1')).toBe(false);
	});
});
