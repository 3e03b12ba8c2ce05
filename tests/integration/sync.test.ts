// The monthly sync against hand-made data for a fixed month (November 2026's meeting,
// reviewing October against September, in Berlin time): each section's counts, what
// regeneration keeps, what publishing freezes, who may do what, where action items go,
// and the monthly job generating once on the first working day.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobRunner } from '../../src/lib/server/jobs';
import { registerModules } from '../../src/lib/server/modules';
import { person } from '../../src/lib/server/org/schema';
import { setTeamLead } from '../../src/lib/server/org';
import {
	addTeamColumn,
	applyRaciTemplate,
	raciMatrix,
	saveRaciRow
} from '../../src/lib/server/raci';
import {
	addActionItem,
	agendaDetail,
	agendaMarkdown,
	generateAgenda,
	generateDueAgenda,
	markActionItem,
	openActionItemsOf,
	publishAgenda,
	saveNote,
	setSyncNow,
	SYNC_JOB
} from '../../src/lib/server/sync';
import { startSyncJob } from '../../src/lib/server/sync/clock';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { addPerson, addTeam, setTimeZone } from '../helpers/ledger';
import { refusal } from '../helpers/refusal';

let testDb: TestDatabase;
let admin: number;
let agent: number;
let pm: number;
let engineer: number;
let newHire: number;
let frontline: number;
let now = new Date('2026-11-03T08:00:00Z');

const exec = (query: ReturnType<typeof sql>) => testDb.db.execute(query);
const at = (iso: string) => sql`${iso}::timestamptz`;

async function escalation(
	title: string,
	severity: string,
	status: string,
	openedAt: string,
	extra: { resolvedAt?: string; closedAt?: string; customerId?: number } = {}
) {
	const rows = (await exec(sql`insert into escalation (client_key, title, steps, expected, actual,
			severity, status, reporter_id, opened_at, resolved_at, closed_at, customer_id, customer_name)
		values (${title}, ${title}, 'steps', 'works', 'breaks', ${severity}, ${status}, ${agent},
			${openedAt}::timestamptz, ${extra.resolvedAt ?? null}::timestamptz,
			${extra.closedAt ?? null}::timestamptz, ${extra.customerId ?? null},
			${extra.customerId ? 'Globex' : null})
		returning id`)) as unknown as { id: number }[] | { rows: { id: number }[] };
	return (Array.isArray(rows) ? rows : rows.rows)[0].id;
}

async function one<T>(query: ReturnType<typeof sql>): Promise<T> {
	const result = (await exec(query)) as unknown as T[] | { rows: T[] };
	return (Array.isArray(result) ? result : result.rows)[0];
}

beforeAll(async () => {
	registerModules();
	setSyncNow(() => now);
	testDb = await createTestDatabase();
	await setTimeZone(testDb, 'Europe/Berlin');
	// 2 November is a holiday here: the month's first working day is Tuesday the 3rd.
	await exec(sql`insert into holiday (day, label) values ('2026-11-02', 'All Souls (test)')`);
	const support = await addTeam(testDb, 'Frontline', 'support');
	frontline = support.id;
	const product = await addTeam(testDb, 'Product Management', 'product');
	const platform = await addTeam(testDb, 'Platform', 'engineering');
	const ops = await addTeam(testDb, 'People Ops', 'other');
	admin = await addPerson(testDb, 'Ada Admin', ops.id);
	await testDb.db.update(person).set({ role: 'admin' }).where(eq(person.id, admin));
	agent = await addPerson(testDb, 'Sam Support', support.id);
	pm = await addPerson(testDb, 'Maya Product', product.id);
	engineer = await addPerson(testDb, 'Erin Engineer', platform.id);
	newHire = await addPerson(testDb, 'Nia New', support.id);
	await exec(
		sql`update person set created_at = ${at('2026-10-12T09:00:00Z')} where id = ${newHire}`
	);
	// Product is accountable for the sync, engineering consulted, support responsible.
	await applyRaciTemplate(null);

	const globex = await one<{ id: number }>(
		sql`insert into customer (name, arr, tier) values ('Globex', 500000, 'enterprise') returning id`
	);
	// Escalations: four opened in October (one at 00:30 Berlin on the 1st), one in September.
	const e1 = await escalation('Checkout fails', 'critical', 'open', '2026-10-05T10:00:00Z', {
		customerId: globex.id
	});
	await escalation('Slow search', 'high', 'resolved', '2026-10-20T10:00:00Z', {
		resolvedAt: '2026-10-25T10:00:00Z'
	});
	await escalation('Typo on invoice', 'medium', 'closed', '2026-09-30T22:30:00Z', {
		closedAt: '2026-10-02T10:00:00Z'
	});
	await escalation('Old export bug', 'low', 'resolved', '2026-09-10T10:00:00Z', {
		resolvedAt: '2026-09-12T10:00:00Z'
	});
	await escalation('Login loop', 'high', 'in_progress', '2026-10-30T10:00:00Z');

	// SLO: two breaches in October and one in September; one clock still breached; one met.
	const policy = await one<{
		id: number;
	}>(sql`insert into slo_policy (name, position, conditions, targets)
		values ('Enterprise', 1, '{}'::jsonb, '[]'::jsonb) returning id`);
	const clock = async (target: string, level: string, status: string, metAt: string | null) =>
		one<{ id: number }>(sql`insert into slo_clock (escalation_id, policy_id, target, status, level,
			business_hours, target_minutes, cycle_start, met_at)
			values (${e1}, ${policy.id}, ${target}, ${status}, ${level}, false, 60,
				${at('2026-10-05T10:00:00Z')}, ${metAt}::timestamptz) returning id`);
	const c1 = await clock('first_response', 'breached', 'running', null);
	const c2 = await clock('update', 'breached', 'met', '2026-10-07T10:00:00Z');
	for (const [id, when] of [
		[c1.id, '2026-10-05T11:00:00Z'],
		[c2.id, '2026-10-06T11:00:00Z'],
		[c2.id, '2026-09-20T11:00:00Z']
	] as const) {
		await exec(
			sql`insert into slo_clock_history (clock_id, change, at) values (${id}, 'breached', ${when}::timestamptz)`
		);
	}
	await exec(
		sql`insert into slo_clock_history (clock_id, change, at) values (${c1.id}, 'warned', ${at('2026-10-05T10:45:00Z')})`
	);

	// Tickets: T1 (incident; billing, login) and T2 (question; billing) active in October,
	// T2 and T3 (billing) in September. A refused delivery counts for nothing.
	const hook = await one<{ id: number }>(
		sql`insert into integration (source, name) values ('zendesk', 'Zendesk') returning id`
	);
	const item = (key: string, type: string, tags: string[]) =>
		exec(sql`insert into integration_item (integration_id, kind, external_key, type, tags)
			values (${hook.id}, 'ticket', ${key}, ${type}, ${`{${tags.join(',')}}`}::text[])`);
	await item('T1', 'incident', ['billing', 'login']);
	await item('T2', 'question', ['billing']);
	await item('T3', 'question', ['billing']);
	const delivery = (key: string, when: string, outcome = 'accepted') =>
		exec(sql`insert into integration_delivery (integration_id, received_at, delivery_key, outcome, external_key)
			values (${hook.id}, ${when}::timestamptz, ${`${key}-${when}-${outcome}`}, ${outcome}, ${key})`);
	await delivery('T1', '2026-10-03T10:00:00Z');
	await delivery('T1', '2026-10-04T10:00:00Z');
	await delivery('T2', '2026-10-08T10:00:00Z');
	await delivery('T2', '2026-09-08T10:00:00Z');
	await delivery('T3', '2026-09-09T10:00:00Z');
	await delivery('T3', '2026-10-09T10:00:00Z', 'refused');

	// Requests: two reports in October, one in September.
	const request = await one<{ id: number }>(sql`insert into feature_request (title, problem, area,
		report_count, customer_count, arr) values ('SSO with Okta', 'Hand-made users', 'Admin', 3, 1, 500000) returning id`);
	for (const when of ['2026-10-02T10:00:00Z', '2026-10-22T10:00:00Z', '2026-09-15T10:00:00Z']) {
		await exec(sql`insert into request_report (request_id, customer_id, reporter_id, created_at)
			values (${request.id}, ${globex.id}, ${agent}, ${when}::timestamptz)`);
	}

	// Kudos to support: three visible in October (one with two +1s), one hidden, one in September.
	const value = await one<{ id: number }>(
		sql`insert into company_value (name) values ('Care') returning id`
	);
	const kudos = async (message: string, when: string, hidden = false) => {
		const k = await one<{
			id: number;
		}>(sql`insert into kudos (giver_id, client_key, message, value_id, created_at, hidden_at, hidden_reason)
			values (${pm}, ${message}, ${message}, ${value.id}, ${when}::timestamptz,
				${hidden ? when : null}::timestamptz, ${hidden ? 'off topic' : null}) returning id`);
		await exec(
			sql`insert into kudos_recipient (kudos_id, person_id, team_id) values (${k.id}, ${agent}, ${support.id})`
		);
		return k.id;
	};
	const loved = await kudos('Saved the Globex renewal', '2026-10-10T10:00:00Z');
	await kudos('Great triage', '2026-10-11T10:00:00Z');
	await kudos('Fast answer', '2026-10-12T10:00:00Z');
	await kudos('Hidden one', '2026-10-13T10:00:00Z', true);
	await kudos('September thanks', '2026-09-13T10:00:00Z');
	for (const by of [admin, engineer]) {
		await exec(sql`insert into kudos_plus_one (kudos_id, person_id) values (${loved}, ${by})`);
	}

	// Launches: a bash in October with a high bug waiting, one in November; demos likewise.
	const bash = async (title: string, starts: string) =>
		one<{
			id: number;
		}>(sql`insert into bug_bash (title, feature, starts_at, ends_at, state, scoring, created_by_id)
			values (${title}, 'Checkout', ${starts}::timestamptz, ${starts}::timestamptz + interval '2 hours',
				'scheduled', '{"critical":5,"high":3,"medium":2,"low":1,"duplicate":1,"firstBonus":2}'::jsonb, ${pm}) returning id`);
	const october = await bash('October checkout bash', '2026-10-14T10:00:00Z');
	await bash('November mobile bash', '2026-11-18T10:00:00Z');
	for (const [title, severity, status] of [
		['Pay button dead', 'high', 'new'],
		['Misaligned label', 'low', 'accepted'],
		['Same as above', 'low', 'not_a_bug']
	]) {
		await exec(sql`insert into bug (bash_id, reporter_id, client_key, title, area, severity, steps, expected, actual, status, created_at, not_a_bug_reason)
			values (${october.id}, ${agent}, ${title}, ${title}, 'Checkout', ${severity}, 's', 'e', 'a', ${status},
				${at('2026-10-14T11:00:00Z')}, ${status === 'not_a_bug' ? 'works' : null})`);
	}
	await exec(sql`insert into demo (title, feature, starts_at, length_minutes, state, went_live_at, ended_at, created_by_id)
		values ('Checkout 2.0', 'Checkout', ${at('2026-10-16T14:00:00Z')}, 30, 'ended',
			${at('2026-10-16T14:00:00Z')}, ${at('2026-10-16T14:30:00Z')}, ${pm}),
		('Search preview', 'Search', ${at('2026-11-25T14:00:00Z')}, 30, 'scheduled', null, null, ${pm})`);

	// Engineer moved into Platform on 12 October (the org room's log keeps it).
	await exec(sql`insert into room_event (room, seq, type, payload, actor_id, at)
		values ('org', 900001, 'org.person_moved', ${JSON.stringify({ personId: engineer, teamId: platform.id })}::jsonb,
			${admin}, ${at('2026-10-12T10:00:00Z')})`);
}, 240_000);

afterAll(async () => {
	setSyncNow(null);
	await testDb?.destroy();
});

let agendaId: number;

describe('the monthly job', () => {
	it('generates the agenda once, on the first working day in the workspace zone', async () => {
		await startSyncJob(60_000);
		const runner = createJobRunner();
		const runAt = async (iso: string) => {
			now = new Date(iso);
			await exec(sql`update job set due_at = now() where key = ${SYNC_JOB}`);
			await runner.runDue();
		};
		const agendas = async () =>
			(await one<{ n: number }>(sql`select count(*)::int as n from sync_agenda`)).n;
		await runAt('2026-11-01T12:00:00Z'); // Sunday
		await runAt('2026-11-02T12:00:00Z'); // the holiday
		await runAt('2026-11-02T22:59:00Z'); // 23:59 on the holiday in Berlin
		expect(await agendas()).toBe(0);
		await runAt('2026-11-02T23:05:00Z'); // 00:05 on Tuesday the 3rd in Berlin
		expect(await agendas()).toBe(1);
		await runAt('2026-11-03T09:00:00Z');
		await runAt('2026-11-20T09:00:00Z');
		expect(await generateDueAgenda(new Date('2026-11-21T09:00:00Z'))).toBeNull();
		const row = await one<{
			id: number;
			month: string;
			generations: number;
			generated_by_id: number | null;
		}>(sql`select id, month, generations, generated_by_id from sync_agenda`);
		expect(row).toMatchObject({ month: '2026-11', generations: 1, generated_by_id: null });
		agendaId = row.id;
		now = new Date('2026-11-03T08:00:00Z');
	});
});

describe('an agenda generated for a fixed month', () => {
	it('counts every section from the data of October against September', async () => {
		const agenda = (await agendaDetail(agendaId, engineer))!;
		const f = agenda.figures;
		expect([f.reviewed, f.compared]).toEqual(['2026-10', '2026-09']);
		expect(Object.fromEntries(f.headline.map((h) => [h.label, [h.value, h.previous]]))).toEqual({
			'Escalations opened': [4, 1],
			'Escalations resolved or closed': [2, 1],
			'SLO breaches': [2, 1],
			'Customer reports of feature requests': [2, 1],
			'Bugs found in bug bashes': [2, 0],
			'Kudos given': [3, 1]
		});
		expect(f.volume.map((v) => [v.kind, v.label, v.count, v.previous])).toEqual([
			['type', 'incident', 1, 0],
			['type', 'question', 1, 2],
			['tag', 'billing', 2, 2],
			['tag', 'login', 1, 0]
		]);
		expect(f.escalations).toMatchObject({ opened: 4, closed: 2, openTooLong: 1 });
		expect(f.escalations.oldest.map((e) => e.title)).toEqual(['Checkout fails']);
		expect(f.slo).toEqual([
			expect.objectContaining({
				name: 'Enterprise',
				met: 1,
				breaches: 2,
				breachesBefore: 1,
				breachedOpen: 1
			})
		]);
		expect(f.priority.escalations.map((e) => [e.title, e.customerName, e.arr])).toEqual([
			['Checkout fails', 'Globex', 500000],
			['Login loop', null, null]
		]);
		expect(f.priority.bugs.map((b) => b.title)).toEqual(['Pay button dead']);
		expect(f.requests.map((r) => [r.title, r.arr])).toEqual([['SSO with Okta', 500000]]);
		expect(f.launches.map((l) => [l.when, l.kind, l.title])).toEqual([
			['past', 'bash', 'October checkout bash'],
			['past', 'demo', 'Checkout 2.0'],
			['next', 'bash', 'November mobile bash'],
			['next', 'demo', 'Search preview']
		]);
		const frontline = f.news.find((n) => n.teamName === 'Frontline')!;
		expect(frontline).toMatchObject({ joined: ['Nia New'], kudosReceived: 3 });
		expect(frontline.highlights[0]).toMatchObject({
			message: 'Saved the Globex renewal',
			plusOnes: 2
		});
		expect(f.news.find((n) => n.teamName === 'Platform')?.moved).toEqual(['Erin Engineer']);
	});

	it('suggests attendees from the teams RACI makes accountable and consulted', async () => {
		const agenda = (await agendaDetail(agendaId, agent))!;
		expect(agenda.attendees.map((a) => [a.name, a.reason])).toEqual([
			['Erin Engineer', 'Platform · Engineering (consulted)'],
			['Maya Product', 'Product Management · Product (accountable)']
		]);
	});
});

describe('who may organise', () => {
	it('lets admins and the accountable department change agendas; others only read', async () => {
		const expected =
			'Only admins and the department or team accountable for the monthly sync (see Responsibilities) can change agendas.';
		expect((await refusal(generateAgenda(engineer, '2026-11'))).message).toBe(expected);
		expect((await refusal(saveNote(agent, agendaId, { section: 'slo', body: 'x' }))).message).toBe(
			expected
		);
		expect((await refusal(publishAgenda(agent, agendaId))).message).toBe(expected);
		expect(
			(
				await refusal(
					addActionItem(engineer, agendaId, { title: 'x', ownerId: agent, dueOn: '2026-11-20' })
				)
			).message
		).toBe(expected);
		// Nothing changed: no note, no item.
		const agenda = (await agendaDetail(agendaId, agent))!;
		expect(agenda.notes).toEqual({});
		expect(agenda.actionItems).toEqual([]);
		expect(agenda.mayOrganise).toBe(false);
		// The product manager (accountable department) may.
		expect((await agendaDetail(agendaId, pm))!.mayOrganise).toBe(true);
		await saveNote(pm, agendaId, { section: 'slo', body: 'Enterprise breaches: look at paging.' });
	});

	it('refuses bad input next to its field, changing nothing', async () => {
		const bad = await refusal(
			addActionItem(admin, agendaId, { title: '  ', ownerId: agent, dueOn: '2026-11-20' })
		);
		expect([bad.message, bad.field]).toEqual(['Say what needs doing.', 'title']);
		const date = await refusal(
			addActionItem(admin, agendaId, { title: 'x', ownerId: agent, dueOn: 'soon' })
		);
		expect(date.field).toBe('dueOn');
		expect((await refusal(saveNote(admin, agendaId, { section: 'gossip', body: 'x' }))).field).toBe(
			'section'
		);
		expect((await agendaDetail(agendaId, admin))!.actionItems).toEqual([]);
	});
});

describe('notes, action items, regeneration and publishing', () => {
	let itemId: number;

	it('sends action items to the owner’s home page and inbox; the owner marks them done', async () => {
		itemId = await addActionItem(admin, agendaId, {
			title: 'Page the on-call for enterprise breaches',
			ownerId: agent,
			dueOn: '2026-11-20'
		});
		await addActionItem(admin, agendaId, {
			title: 'Write the SSO FAQ',
			ownerId: agent,
			dueOn: '2026-11-27'
		});
		expect((await openActionItemsOf(agent)).map((i) => i.title)).toEqual([
			'Page the on-call for enterprise breaches',
			'Write the SSO FAQ'
		]);
		const inbox = await one<{ n: number; text: string }>(
			sql`select count(*)::int as n, min(text) as text from notification where person_id = ${agent} and kind = 'sync.action'`
		);
		expect(inbox.n).toBe(2);
		expect(inbox.text).toContain('November 2026');
		expect((await refusal(markActionItem(engineer, itemId, true))).message).toBe(
			'Only its owner or an organiser can mark an action item done.'
		);
		expect(await markActionItem(agent, itemId, true)).toBe(true);
		expect((await openActionItemsOf(agent)).map((i) => i.title)).toEqual(['Write the SSO FAQ']);
	});

	it('generates again with new figures, keeping notes, attendees and action items', async () => {
		await escalation('Fresh October one', 'medium', 'open', '2026-10-28T10:00:00Z');
		await generateAgenda(admin, '2026-11');
		const agenda = (await agendaDetail(agendaId, admin))!;
		expect(agenda.generations).toBe(2);
		expect(agenda.figures.escalations.opened).toBe(5);
		expect(agenda.notes).toEqual({ slo: 'Enterprise breaches: look at paging.' });
		expect(agenda.attendees).toHaveLength(2);
		expect(agenda.actionItems.map((i) => [i.title, Boolean(i.doneAt)])).toEqual([
			['Page the on-call for enterprise breaches', true],
			['Write the SSO FAQ', false]
		]);
	});

	it('publishes a frozen copy that later changes do not alter, and refuses to regenerate it', async () => {
		await publishAgenda(admin, agendaId);
		const frozen = (await agendaDetail(agendaId, agent))!;
		expect(frozen.status).toBe('published');
		// The data moves on: another escalation, a note attempt, the open item done.
		await escalation('After publishing', 'high', 'open', '2026-10-29T10:00:00Z');
		await markActionItem(agent, itemId + 1, true);
		expect((await refusal(generateAgenda(admin, '2026-11'))).message).toBe(
			'This agenda is published: its figures are frozen and cannot be generated again.'
		);
		expect(
			(await refusal(saveNote(admin, agendaId, { section: 'slo', body: 'late' }))).message
		).toBe('This agenda is published and can no longer be changed.');
		const after = (await agendaDetail(agendaId, agent))!;
		expect(after.figures.escalations.opened).toBe(5);
		expect(after.notes).toEqual({ slo: 'Enterprise breaches: look at paging.' });
		expect(after.actionItems.map((i) => Boolean(i.doneAt))).toEqual([true, false]);
		expect(after).toEqual(frozen);
		// The summary went to every attendee through the outbox.
		const mail = await one<{ n: number; subject: string }>(
			sql`select count(*)::int as n, min(subject) as subject from outbox_message where key like ${`sync:${agendaId}:published:%`}`
		);
		expect(mail).toEqual({ n: 2, subject: 'Monthly sync published: November 2026' });
		const markdown = agendaMarkdown('2026-11', after as never);
		expect(markdown).toContain('# Monthly product–support sync: November 2026');
		expect(markdown).toContain('| Escalations opened | 5 | 1 | +4 |');
		expect(markdown).toContain('> Enterprise breaches: look at paging.');
	});

	it('refuses to regenerate once the meeting has started', async () => {
		await generateAgenda(admin, '2026-12');
		now = new Date('2026-12-31T12:00:00Z');
		expect((await refusal(generateAgenda(admin, '2026-12'))).message).toBe(
			'The meeting has started: the agenda can no longer be generated again.'
		);
		now = new Date('2026-11-03T08:00:00Z');
	});
});

describe('RACI team columns and the sync', () => {
	it('suggests a team column’s members, and lets an accountable team organise', async () => {
		const webApp = await addTeam(testDb, 'Web App', 'engineering');
		const wes = await addPerson(testDb, 'Wes Web', webApp.id);
		await exec(sql`update person set created_at = ${at('2026-01-01T00:00:00Z')} where id = ${wes}`);
		const wanda = await addPerson(testDb, 'Wanda Web', webApp.id);
		const gone = await addPerson(testDb, 'Will Gone', webApp.id);
		await exec(sql`update person set active = false where id = ${gone}`);
		await addTeamColumn(admin, frontline);
		await addTeamColumn(admin, webApp.id);
		const sync = (await raciMatrix()).activities.find((a) => a.key === 'monthly_sync')!;
		const departmentOf = async (team: string) =>
			`dept-${(await one<{ id: number }>(sql`select department_id as id from team where name = ${team}`)).id}`;
		// Frontline (a team of Support) accountable, Web App consulted beside Engineering.
		await saveRaciRow(admin, sync.id, {
			[await departmentOf('Frontline')]: 'R',
			[await departmentOf('Product Management')]: 'R',
			[await departmentOf('Web App')]: 'C',
			[`team-${frontline}`]: 'A',
			[`team-${webApp.id}`]: 'C'
		});
		// The product manager's department is no longer accountable; the support agent's team is.
		await refusal(generateAgenda(pm, '2027-01'));
		const id = await generateAgenda(agent, '2027-01');
		const agenda = (await agendaDetail(id, agent))!;
		expect(agenda.mayOrganise).toBe(true);
		expect(agenda.attendees.map((a) => [a.name, a.reason]).sort()).toEqual([
			['Erin Engineer', 'Platform · Engineering (consulted)'],
			['Nia New', 'Support › Frontline (accountable)'],
			['Sam Support', 'Support › Frontline (accountable)'],
			['Wanda Web', 'Engineering › Web App (consulted)'],
			['Wes Web', 'Web App · Engineering (consulted)']
		]);

		// A team with a lead is represented by its lead, not its longest-standing member.
		await setTeamLead(admin, webApp.id, wanda);
		const next = (await agendaDetail(await generateAgenda(agent, '2027-02'), agent))!;
		expect(next.attendees.map((a) => [a.name, a.reason]).sort()).toEqual([
			['Erin Engineer', 'Platform · Engineering (consulted)'],
			['Nia New', 'Support › Frontline (accountable)'],
			['Sam Support', 'Support › Frontline (accountable)'],
			['Wanda Web', 'Web App lead · Engineering (consulted)'],
			['Wes Web', 'Engineering › Web App (consulted)']
		]);
	});
});
