import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerSchema } from '../../src/lib/customers/schemas';
import { saveCustomer } from '../../src/lib/server/customers';
import { openEscalation } from '../../src/lib/server/escalations';
import { registerModules } from '../../src/lib/server/modules';
import { notification } from '../../src/lib/server/notifications/schema';
import { peopleWithPlace, person } from '../../src/lib/server/org';
import * as requestPage from '../../src/routes/(app)/requests/[id=id]/+page.server';
import {
	addTeamColumn,
	applyRaciTemplate,
	raciMatrix,
	saveRaciRow
} from '../../src/lib/server/raci';
import {
	addReport,
	createRequest,
	listRequests,
	mergeRequests,
	reportsOf,
	requestDetail,
	setRequestStatus,
	similarRequests,
	topRequestsByArr
} from '../../src/lib/server/requests';
import { requestCustomer, requestReport } from '../../src/lib/server/requests/schema';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { addPerson, addTeam } from '../helpers/ledger';
import { refusal } from '../helpers/refusal';
import { escalationReport } from '../helpers/reports';

let testDb: TestDatabase;
let admin: number;
let agent: number;
let agent2: number;
let pm: number;
let engineer: number;
let peopleOps: number;
const customers: Record<string, number> = {};

const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

async function addCustomer(name: string, arr: number, renewal: number | null, atRisk = false) {
	customers[name] = await saveCustomer(
		admin,
		customerSchema.parse({
			name,
			arr,
			renewalOn: renewal === null ? '' : inDays(renewal),
			sentiment: atRisk ? 'at_risk' : 'neutral'
		})
	);
}

const report = (customerName: string, extra: Record<string, unknown> = {}) => ({
	customerName,
	newCustomerTier: 'pro' as const,
	quote: `${customerName} asked for it.`,
	link: '',
	sourceKind: 'other' as const,
	sourceId: null,
	...extra
});

const request = (title: string, area = 'Admin') =>
	createRequest(pm, { title, problem: `${title}: the problem.`, area });

/** What the maintained figures must equal: counted from the reports themselves. */
async function groundTruth(requestId: number) {
	const [row] = await testDb.db
		.execute(
			sql`
		select count(*)::int as times, count(distinct rr.customer_id)::int as customers,
			(select coalesce(sum(c.arr), 0)::bigint from customer c where c.id in
				(select customer_id from request_report where request_id = ${requestId})) as arr
		from request_report rr where rr.request_id = ${requestId}`
		)
		.then((r) => (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows));
	const t = row as { times: number; customers: number; arr: string | number };
	return { reportCount: t.times, customerCount: t.customers, arr: Number(t.arr) };
}

beforeAll(async () => {
	registerModules();
	testDb = await createTestDatabase();
	const support = await addTeam(testDb, 'Frontline', 'support');
	const product = await addTeam(testDb, 'Product Management', 'product');
	const platform = await addTeam(testDb, 'Platform', 'engineering');
	const ops = await addTeam(testDb, 'People Ops', 'other');
	admin = await addPerson(testDb, 'Ada Admin', ops.id);
	await testDb.db.execute(sql`update person set role = 'admin' where id = ${admin}`);
	agent = await addPerson(testDb, 'Sam Support', support.id);
	agent2 = await addPerson(testDb, 'Priya Support', support.id);
	pm = await addPerson(testDb, 'Maya Product', product.id);
	engineer = await addPerson(testDb, 'Erin Engineer', platform.id);
	peopleOps = await addPerson(testDb, 'Olu Ops', ops.id);
	await addCustomer('Acme', 100_000, 30, true);
	await addCustomer('Globex', 50_000, 200);
	await addCustomer('Initech', 20_000, 10);
	for (let i = 1; i <= 5; i++) await addCustomer(`Racer ${i}`, i * 1_000, i <= 2 ? 5 : null);
	await applyRaciTemplate(admin);
}, 180_000);
afterAll(async () => {
	await testDb?.destroy();
});

describe('a request’s figures', () => {
	it('counts times reported, distinct customers, their ARR, renewals in 90 days and customers at risk', async () => {
		const id = await request('Single sign-on with Okta');
		await addReport(agent, id, report('Acme'));
		await addReport(agent2, id, report('acme', { quote: 'Again, on the call.' }));
		await addReport(
			agent,
			id,
			report('Globex', { quote: '', link: 'https://tickets.example.com/9' })
		);
		// A customer support has not recorded yet is created inline.
		await addReport(agent, id, report('Newco Ltd', { newCustomerTier: 'enterprise' }));
		const detail = (await requestDetail(id))!;
		expect(detail).toMatchObject({
			reportCount: 4,
			customerCount: 3,
			arr: 150_000,
			atRiskCount: 1,
			renewingArr: 100_000
		});
		expect(await groundTruth(id)).toEqual({ reportCount: 4, customerCount: 3, arr: 150_000 });
		const reports = await reportsOf(id);
		expect(reports.map((r) => r.customerName).sort()).toEqual([
			'Acme',
			'Acme',
			'Globex',
			'Newco Ltd'
		]);
	});

	it('follows a customer’s ARR, renewal and sentiment when support edits the customer', async () => {
		const id = await request('Audit log retention');
		await addReport(agent, id, report('Globex'));
		await saveCustomer(
			admin,
			customerSchema.parse({
				id: customers.Globex,
				name: 'Globex',
				arr: 70_000,
				renewalOn: inDays(60),
				sentiment: 'at_risk'
			})
		);
		expect(await requestDetail(id)).toMatchObject({
			arr: 70_000,
			atRiskCount: 1,
			renewingArr: 70_000
		});
		// The first request has Globex too: its figures moved in the same transaction.
		const [first] = await listRequests({ sort: 'newest', limit: 50 }).then((rows) =>
			rows.filter((r) => r.title === 'Single sign-on with Okta')
		);
		expect(first).toMatchObject({ arr: 170_000, atRiskCount: 2, renewingArr: 170_000 });
	});

	it('ten concurrent reports count exactly', async () => {
		const id = await request('Bulk user import');
		await Promise.all(
			Array.from({ length: 10 }, (_, i) =>
				addReport(i % 2 ? agent : agent2, id, report(`Racer ${(i % 5) + 1}`))
			)
		);
		expect(await requestDetail(id)).toMatchObject({
			reportCount: 10,
			customerCount: 5,
			arr: 15_000,
			renewingArr: 3_000
		});
		expect(await groundTruth(id)).toEqual({ reportCount: 10, customerCount: 5, arr: 15_000 });
		const rows = await testDb.db
			.select()
			.from(requestCustomer)
			.where(eq(requestCustomer.requestId, id));
		expect(rows.map((r) => r.reports)).toEqual([2, 2, 2, 2, 2]);
	});

	it('a merge keeps every report and counts a customer who asked for both once', async () => {
		const into = await request('Export reports to CSV', 'Reporting');
		const from = await request('CSV export of reports', 'Reporting');
		await addReport(agent, into, report('Acme'));
		await addReport(agent, from, report('Acme'));
		await addReport(agent2, from, report('Initech'));
		await refusal(mergeRequests(agent, from, into));
		expect((await refusal(mergeRequests(pm, from, from))).field).toBe('intoId');
		expect((await refusal(mergeRequests(pm, from, 2_000_000))).field).toBe('intoId');
		expect(await mergeRequests(pm, from, into)).toBe(into);
		expect(await requestDetail(into)).toMatchObject({
			reportCount: 3,
			customerCount: 2,
			arr: 120_000,
			atRiskCount: 1,
			renewingArr: 120_000
		});
		expect(await groundTruth(into)).toEqual({ reportCount: 3, customerCount: 2, arr: 120_000 });
		expect(await requestDetail(from)).toMatchObject({
			mergedIntoId: into,
			reportCount: 0,
			customerCount: 0,
			arr: 0
		});
		// The merged request takes no more reports and cannot be merged again.
		await refusal(addReport(agent, from, report('Globex')));
		await refusal(mergeRequests(pm, from, into));
		const listed = await listRequests({ area: 'reporting' });
		expect(listed.map((r) => r.id)).toEqual([into]);
	});
});

describe('the ranked list', () => {
	it('ranks by each figure and filters by area and status', async () => {
		const byArr = await listRequests({ sort: 'arr' });
		const arrs = byArr.map((r) => r.arr);
		expect(arrs).toEqual([...arrs].sort((a, b) => b - a));
		const byReports = await listRequests({ sort: 'reports' });
		expect(byReports[0].title).toBe('Bulk user import');
		const byRenewing = await listRequests({ sort: 'renewing' });
		const renewing = byRenewing.map((r) => r.renewingArr);
		expect(renewing).toEqual([...renewing].sort((a, b) => b - a));
		expect(byRenewing).toHaveLength(byArr.length);
		expect((await listRequests({ status: 'shipped' })).length).toBe(0);
		expect((await topRequestsByArr(1))[0].id).toBe(byArr[0].id);
	});

	it('suggests duplicates while someone types a title', async () => {
		const similar = await similarRequests('single sign on okta');
		expect(similar[0]?.title).toBe('Single sign-on with Okta');
		expect(await similarRequests('zz')).toEqual([]);
	});
});

describe('reports from escalations and refusals', () => {
	it('links a report to the escalation it came from; an unknown escalation is refused', async () => {
		const id = await request('Webhooks for status changes', 'Integrations');
		const { escalationId } = await openEscalation(agent, escalationReport('Webhook missing'));
		const reportId = await addReport(
			agent,
			id,
			report('Initech', { sourceKind: 'escalation', sourceId: escalationId })
		);
		const [row] = await testDb.db
			.select()
			.from(requestReport)
			.where(eq(requestReport.id, reportId));
		expect(row).toMatchObject({
			sourceKind: 'escalation',
			sourceId: escalationId,
			link: `/escalations/${escalationId}`
		});
		const err = await refusal(
			addReport(agent, id, report('Initech', { sourceKind: 'escalation', sourceId: 999_999 }))
		);
		expect(err.field).toBe('sourceId');
	});

	it('refuses the wrong people and hostile input, changing nothing', async () => {
		const id = await request('Saved filters');
		const before = await requestDetail(id);
		await refusal(addReport(engineer, id, report('Acme')));
		await refusal(addReport(pm, id, report('Acme')));
		await refusal(
			setRequestStatus(agent, id, { status: 'planned', publicNote: '', roadmapUrl: '' })
		);
		for (const hostile of [
			report('  '),
			report('Acme', { quote: '', link: '' }),
			report('Acme', { link: 'javascript:alert(1)' }),
			report('Acme', { quote: 'x'.repeat(2001) }),
			report('Acme', { sourceKind: 'fax' }),
			report('Acme', { sourceKind: 'ticket', sourceId: 2 ** 31 }),
			report('x'.repeat(201))
		]) {
			await refusal(addReport(agent, id, hostile as never));
		}
		await refusal(createRequest(pm, { title: '', problem: 'x', area: 'Admin' }));
		await refusal(
			setRequestStatus(pm, id, { status: 'done' as never, publicNote: '', roadmapUrl: '' })
		);
		await refusal(addReport(agent, 2_000_000, report('Acme')));
		expect(await requestDetail(id)).toEqual(before);
	});
});

describe('shipping closes the loop', () => {
	it('tells each reporter with their own customers, and the teams informed of release notes', async () => {
		const id = await request('Dark mode for mobile', 'Mobile');
		await addReport(agent, id, report('Acme'));
		await addReport(agent, id, report('Globex'));
		await addReport(agent2, id, report('Initech'));
		const result = await setRequestStatus(pm, id, {
			status: 'shipped',
			publicNote: 'In every plan.',
			roadmapUrl: 'https://roadmap.example.com/dark-mode'
		});
		expect(result.told).toBe(2);
		const notes = await testDb.db
			.select()
			.from(notification)
			.where(eq(notification.href, `/requests/${id}`));
		const textOf = (personId: number, kind: string) =>
			notes.filter((n) => n.personId === personId && n.kind === kind).map((n) => n.text);
		expect(textOf(agent, 'request.shipped')).toEqual([
			'“Dark mode for mobile” has shipped. Tell your customers: Acme, Globex.'
		]);
		expect(textOf(agent2, 'request.shipped')).toEqual([
			'“Dark mode for mobile” has shipped. Tell your customers: Initech.'
		]);
		// The template keeps Support and Other informed of release notes: reporters hear once.
		expect(textOf(peopleOps, 'request.informed')).toHaveLength(1);
		expect(textOf(agent, 'request.informed')).toHaveLength(0);
		expect(textOf(engineer, 'request.informed')).toHaveLength(0);
		// Saving the shipped status again tells nobody twice.
		await setRequestStatus(pm, id, { status: 'shipped', publicNote: 'Edited.', roadmapUrl: '' });
		const again = await testDb.db
			.select()
			.from(notification)
			.where(
				and(eq(notification.href, `/requests/${id}`), eq(notification.kind, 'request.shipped'))
			);
		expect(again).toHaveLength(2);
	});
});

describe('informed team columns', () => {
	it('tell the team’s active members of a shipped request once, even when their department is informed too', async () => {
		const [{ teamId: platform }] = await testDb.db
			.select({ teamId: person.teamId })
			.from(person)
			.where(eq(person.id, engineer));
		const left = await addPerson(testDb, 'Lee Left', platform);
		await testDb.db.update(person).set({ active: false }).where(eq(person.id, left));
		await addTeamColumn(admin, platform!);
		const notes = (await raciMatrix()).activities.find((a) => a.key === 'release_notes')!;
		const engineering = Object.keys(notes.cells).find(
			(key) => key.startsWith('dept-') && notes.cells[key] === 'C'
		)!;
		// Engineering and its Platform team are both informed of release notes.
		await saveRaciRow(admin, notes.id, { [engineering]: 'I', [`team-${platform}`]: 'I' });
		const id = await request('Audit log export', 'Admin');
		await addReport(agent, id, report('Acme'));
		await setRequestStatus(pm, id, { status: 'shipped', publicNote: '', roadmapUrl: '' });
		const informed = (personId: number) =>
			testDb.db
				.select()
				.from(notification)
				.where(
					and(
						eq(notification.href, `/requests/${id}`),
						eq(notification.kind, 'request.informed'),
						eq(notification.personId, personId)
					)
				);
		expect(await informed(engineer)).toHaveLength(1);
		expect(await informed(left)).toHaveLength(0);
		expect(await informed(peopleOps)).toHaveLength(1);
	});
});

describe('the request page’s forms', () => {
	async function post(
		action: 'report' | 'status',
		personId: number,
		id: number,
		body: BodyInit,
		type?: string
	) {
		const [who] = await peopleWithPlace(testDb.db).where(eq(person.id, personId));
		const request = new Request(`http://localhost/requests/${id}?/${action}`, {
			method: 'POST',
			body,
			headers: type ? { 'content-type': type } : undefined
		});
		const event = {
			request,
			locals: { person: who },
			params: { id: String(id) },
			url: new URL(request.url)
		};
		return (await requestPage.actions[action](event as never)) as {
			status?: number;
			data?: { form?: { valid: boolean; errors: Record<string, string[]> } };
		};
	}
	const form = (fields: Record<string, string>) => {
		const data = new FormData();
		for (const [k, v] of Object.entries(fields)) data.set(k, v);
		return data;
	};

	it('answers bad input next to the field and hostile bodies with a 400, storing nothing', async () => {
		const id = await request('Calendar sync');
		const missing = await post('report', agent, id, form({ customerName: '', quote: 'x' }));
		expect(missing.status).toBe(400);
		expect(missing.data?.form?.errors.customerName?.[0]).toBe('Name the customer who asked.');
		// Refused before parsing: a NUL, a JSON body, a superforms payload the page never sends.
		const statusOf = (answer: Promise<{ status?: number }>) =>
			answer.then(
				(r) => r.status ?? 200,
				(err: { status?: number }) => err.status
			);
		expect(
			await statusOf(post('report', agent, id, form({ customerName: 'Acme\0', quote: 'x' })))
		).toBe(400);
		expect(
			await statusOf(
				post('report', agent, id, JSON.stringify({ customerName: 'Acme' }), 'application/json')
			)
		).toBe(400);
		const sneaky = form({ __superform_json: JSON.stringify([{ customerName: 1 }, 'Acme']) });
		expect(await statusOf(post('report', agent, id, sneaky))).toBe(400);
		// Support may not answer for product.
		expect(await statusOf(post('status', agent, id, form({ status: 'shipped' })))).toBe(400);
		expect((await requestDetail(id))?.reportCount).toBe(0);
		const ok = await post('report', agent, id, form({ customerName: 'Acme', quote: 'Yes.' }));
		expect(ok.status ?? 200).toBe(200);
		expect((await requestDetail(id))?.reportCount).toBe(1);
	});
});
