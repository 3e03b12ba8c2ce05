// Insights against hand-computed fixtures: October 2026 beside September, at organisation,
// department, team and individual level; who may see a person's figures (the page and the
// CSV); the refresh job picking up new data; closed periods staying frozen.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerModules } from '../../src/lib/server/modules';
import {
	buildPeriod,
	forgetInsights,
	insightsView,
	refreshInsights,
	type InsightsRequest
} from '../../src/lib/server/insights';
import { load } from '../../src/routes/(app)/insights/+page.server';
import { GET } from '../../src/routes/(app)/insights/export.csv/+server';
import { rowsOf } from '../../src/lib/server/db/client';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { addPerson, addTeam } from '../helpers/ledger';

let testDb: TestDatabase;
const id: Record<string, number> = {};
const NOW = new Date('2026-11-15T12:00:00Z');

const at = (iso: string) => new Date(iso).toISOString();

async function escalation(
	key: string,
	reporter: number,
	assignee: number | null,
	times: { opened: string; response?: string; resolved?: string }
) {
	const [row] = await rowsOf<{ id: number }>(
		testDb.db,
		sql`insert into escalation
		(client_key, title, steps, expected, actual, severity, status, reporter_id, assignee_id,
		 opened_at, first_response_at, resolved_at)
		values (${key}, ${`Escalation ${key}`}, 's', 'e', 'a', 'high',
			${times.resolved ? 'resolved' : 'in_progress'}, ${reporter}, ${assignee},
			${at(times.opened)}, ${times.response ? at(times.response) : null},
			${times.resolved ? at(times.resolved) : null})
		returning id`
	);
	id[key] = row.id;
	return row.id;
}

async function kudos(giver: string, recipient: string, cross: boolean, createdAt: string) {
	const place = (who: string) =>
		sql`(select t.department_id from person p join team t on t.id = p.team_id where p.id = ${id[who]})`;
	const team = (who: string) => sql`(select team_id from person where id = ${id[who]})`;
	await testDb.db.execute(sql`with k as (
		insert into kudos (giver_id, giver_department_id, giver_team_id, client_key, message, value_id, cross_department, created_at)
		values (${id[giver]}, ${place(giver)}, ${team(giver)}, ${`${giver}-${recipient}-${createdAt}`}, 'Thanks!', ${id.value}, ${cross}, ${at(createdAt)})
		returning id)
		insert into kudos_recipient (kudos_id, person_id, department_id, team_id, cross_department)
		select k.id, ${id[recipient]}, ${place(recipient)}, ${team(recipient)}, ${cross} from k`);
}

beforeAll(async () => {
	registerModules();
	testDb = await createTestDatabase();
	const frontline = await addTeam(testDb, 'Frontline', 'support');
	const core = await addTeam(testDb, 'Core', 'engineering');
	const platform = await addTeam(testDb, 'Platform', 'engineering');
	const ops = await addTeam(testDb, 'Ops', 'other');
	Object.assign(id, {
		frontline: frontline.id,
		core: core.id,
		platform: platform.id,
		support: frontline.departmentId,
		engineering: core.departmentId
	});
	id.sam = await addPerson(testDb, 'Sam Support', frontline.id);
	id.sue = await addPerson(testDb, 'Sue Support', frontline.id);
	id.eve = await addPerson(testDb, 'Eve Engineer', core.id);
	id.ed = await addPerson(testDb, 'Ed Engineer', core.id);
	id.pat = await addPerson(testDb, 'Pat Platform', platform.id);
	id.admin = await addPerson(testDb, 'Ada Admin', ops.id);
	await testDb.db.execute(sql`update person set role = 'admin' where id = ${id.admin}`);

	// October (business hours Mon–Fri 09–17 UTC):
	// E1 Mon 10:00 → answered 11:30 (90 business min) → resolved Thu 10:00 (4,320 min), reopened once.
	await escalation('E1', id.sam, id.eve, {
		opened: '2026-10-05T10:00Z',
		response: '2026-10-05T11:30Z',
		resolved: '2026-10-08T10:00Z'
	});
	// E2 Fri 16:00 → Mon 10:00 (60 + 60 = 120 business min) → Mon 22:00 (4,680 min).
	await escalation('E2', id.sam, id.eve, {
		opened: '2026-10-09T16:00Z',
		response: '2026-10-12T10:00Z',
		resolved: '2026-10-12T22:00Z'
	});
	// E3 Wed 09:00 → 13:00 (240), still open: 17 days old when October ends. From a bash bug.
	await escalation('E3', id.sue, id.pat, {
		opened: '2026-10-14T09:00Z',
		response: '2026-10-14T13:00Z'
	});
	// September: E4 unassigned, never answered (41 days old at October's end);
	// E5 answered in 30 min, resolved in October after 4 days (5,760 min).
	await escalation('E4', id.sue, null, { opened: '2026-09-20T12:00Z' });
	await escalation('E5', id.sam, id.ed, {
		opened: '2026-09-28T10:00Z',
		response: '2026-09-28T10:30Z',
		resolved: '2026-10-02T10:00Z'
	});
	await testDb.db
		.execute(sql`insert into escalation_history (escalation_id, actor_id, change, from_value, to_value, at)
		values (${id.E1}, ${id.sam}, 'status', 'resolved', 'in_progress', ${at('2026-10-07T09:00Z')})`);

	// Kudos in October: Sam → Eve twice (support → engineering), Eve → Pat once (within engineering).
	const [value] = await rowsOf<{ id: number }>(
		testDb.db,
		sql`insert into company_value (name) values ('Insights test value') returning id`
	);
	id.value = value.id;
	await kudos('sam', 'eve', true, '2026-10-06T12:00Z');
	await kudos('sam', 'eve', true, '2026-10-16T12:00Z');
	await kudos('eve', 'pat', false, '2026-10-21T12:00Z');

	// A bug bash in October: Sue logs two bugs that stand (one promoted to E3), Pat one that is not a bug.
	await testDb.db
		.execute(sql`insert into bug_bash (title, feature, starts_at, ends_at, state, scoring, created_by_id)
		values ('October bash', 'Billing', ${at('2026-10-13T09:00Z')}, ${at('2026-10-13T17:00Z')}, 'ended',
			'{"critical":1,"high":1,"medium":1,"low":1,"duplicate":0,"firstBonus":0}', ${id.admin})`);
	for (const [key, who, status, escalationId] of [
		['b1', id.sue, 'accepted', null],
		['b2', id.sue, 'escalated', id.E3],
		['b3', id.pat, 'not_a_bug', null]
	] as const) {
		await testDb.db
			.execute(sql`insert into bug (bash_id, reporter_id, client_key, title, area, severity, steps, expected, actual, status, not_a_bug_reason, escalation_id, created_at)
			values ((select max(id) from bug_bash), ${who}, ${key}, ${`Bug ${key}`}, 'Billing', 'medium', 's', 'e', 'a', ${status},
				${status === 'not_a_bug' ? 'Works as designed' : null}, ${escalationId}, ${at('2026-10-13T10:00Z')})`);
	}

	// One SLO policy: E1's first-response clock met in time, E3's breached.
	await testDb.db.execute(sql`insert into slo_policy (name, position, conditions, targets)
		values ('Everyone', 1, '{}', '[]')`);
	for (const [escalationId, status, level, metAt] of [
		[id.E1, 'met', 'ok', '2026-10-05T11:30Z'],
		[id.E3, 'running', 'breached', null]
	] as const) {
		await testDb.db
			.execute(sql`insert into slo_clock (escalation_id, policy_id, target, status, level, business_hours, target_minutes, cycle_start, met_at)
			values (${escalationId}, (select max(id) from slo_policy), 'first_response', ${status}, ${level}, true, 120,
				${at('2026-10-01T00:00Z')}, ${metAt ? at(metAt) : null})`);
	}
	await testDb.db.execute(sql`insert into slo_clock_history (clock_id, change, at)
		select id, 'breached', ${at('2026-10-14T11:00Z')} from slo_clock where escalation_id = ${id.E3}`);

	// Feature requests: in October Acme (100k) asks for SSO twice, Initech (20k) for Okta
	// login (merged into SSO), Globex (50k) for dark mode; in September Globex asked for SSO.
	for (const [name, arr] of [
		['Acme', 100_000],
		['Globex', 50_000],
		['Initech', 20_000]
	] as const) {
		const [row] = await rowsOf<{ id: number }>(
			testDb.db,
			sql`insert into customer (name, arr) values (${name}, ${arr}) returning id`
		);
		id[name] = row.id;
	}
	for (const title of ['SSO', 'Dark mode', 'Okta login']) {
		const [row] = await rowsOf<{ id: number }>(
			testDb.db,
			sql`insert into feature_request (title, problem, area) values (${title}, 'p', 'Admin') returning id`
		);
		id[title] = row.id;
	}
	await testDb.db.execute(
		sql`update feature_request set merged_into_id = ${id.SSO} where id = ${id['Okta login']}`
	);
	for (const [request, who, when] of [
		['SSO', 'Acme', '2026-10-02T10:00Z'],
		['SSO', 'Acme', '2026-10-20T10:00Z'],
		['SSO', 'Initech', '2026-10-21T10:00Z'],
		['Dark mode', 'Globex', '2026-10-22T10:00Z'],
		['SSO', 'Globex', '2026-09-10T10:00Z']
	] as const) {
		await testDb.db
			.execute(sql`insert into request_report (request_id, customer_id, reporter_id, created_at)
			values (${id[request]}, ${id[who]}, ${id.sam}, ${at(when)})`);
	}
}, 180_000);

afterAll(async () => {
	await testDb?.destroy();
});

const october = (
	level: InsightsRequest['level'],
	subjectId = 0,
	openAgeDays = 7
): InsightsRequest => ({
	kind: 'month',
	start: '2026-10-01',
	level,
	subjectId,
	openAgeDays
});
const admin = () => ({ id: id.admin, role: 'admin' as const });
const member = (who: string) => ({ id: id[who], role: 'member' as const });

async function figures(level: InsightsRequest['level'], subjectId = 0, openAgeDays = 7) {
	const view = await insightsView(admin(), october(level, subjectId, openAgeDays), NOW);
	expect(view).not.toBeNull();
	const by = Object.fromEntries(view!.headline.map((h) => [h.id, [h.current, h.previous]]));
	return { view: view!, by };
}

describe('insight figures against hand-computed fixtures', () => {
	it('the organisation: escalations, SLO, bugs and kudos in October beside September', async () => {
		const { view, by } = await figures('org', 0, 7);
		expect(view.label).toBe('Oct 2026');
		expect(view.previousLabel).toBe('Sep 2026');
		expect(by.opened).toEqual([3, 2]);
		expect(by.closed).toEqual([3, 0]);
		expect(by.firstResponse50).toEqual([2, 0.5]); // [90, 120, 240] → 120 min; Sept [30]
		expect(by.firstResponse90).toEqual([4, 0.5]);
		expect(by.resolution50).toEqual([78, null]); // [4320, 4680, 5760] → 4,680 min
		expect(by.resolution90).toEqual([96, null]);
		expect(by.reopenRate).toEqual([33.3, null]); // 1 of 3
		expect(by.openLonger).toEqual([2, 1]); // E3 17 d, E4 41 d; at September's end E4 10 d, E5 2 d
		expect(by.sloAttainment).toEqual([50, null]);
		expect(by.sloBreaches).toEqual([1, 0]);
		expect(by.bugsFound).toEqual([2, 0]);
		expect(by.beforeLaunch).toEqual([50, 0]); // 2 bugs, 2 escalations from outside a bash
		expect(by.kudosGiven).toEqual([3, 0]);
		expect(by.kudosReceivedAcross).toEqual([2, 0]);
		expect(view.headline.find((h) => h.id === 'opened')!.change).toBe(1);
		const matrix = view.tables.matrix;
		const row = (name: string) => matrix.rows.find((r) => r[0] === name)!;
		const col = (name: string) => matrix.columns.indexOf(name);
		expect(row('Support')[col('Engineering')]).toBe(2);
		expect(row('Engineering')[col('Engineering')]).toBe(1);
		expect(row('Engineering')[col('Support')]).toBe(0);
		const dept = view.tables.departments.rows.find((r) => r[0] === 'Support')!;
		expect(dept.slice(1, 6)).toEqual([2, 0, 50, 2, 0]);
		const policies = view.tables.slo.rows;
		expect(policies).toEqual([['Everyone', 1, 1, 50, null]]);
	});

	it('feature requests asked for in a month, by the ARR of the customers asking', async () => {
		// A past month keeps its own ranking: SSO 100k + 20k (its merged request's report);
		// Acme's two reports count its ARR once. September had only Globex's SSO.
		const { view } = await figures('org');
		expect(view.tables.requests.rows).toEqual([
			['SSO', 120_000],
			['Dark mode', 50_000]
		]);
		const september = await insightsView(admin(), { ...october('org'), start: '2026-09-01' }, NOW);
		expect(september!.tables.requests.rows).toEqual([['SSO', 50_000]]);
	});

	it('open longer than N days is answered from the stored distribution', async () => {
		expect((await figures('org', 0, 30)).by.openLonger).toEqual([1, 0]);
		expect((await figures('org', 0, 3)).by.openLonger[0]).toBe(2);
	});

	it('a department and its teams', async () => {
		const engineering = (await figures('department', id.engineering)).by;
		expect(engineering.opened).toEqual([3, 1]);
		expect(engineering.kudosReceived).toEqual([3, 0]);
		expect(engineering.kudosReceivedAcross).toEqual([2, 0]);
		expect(engineering.kudosGivenAcross).toEqual([0, 0]);
		const core = (await figures('team', id.core)).by;
		expect(core.opened).toEqual([2, 1]);
		expect(core.closed).toEqual([3, 0]);
		expect(core.firstResponse50).toEqual([1.5, 0.5]); // [90, 120]
		expect(core.firstResponse90).toEqual([2, 0.5]);
		expect(core.reopenRate).toEqual([33.3, null]);
		expect(core.openLonger).toEqual([0, 0]);
		expect(core.sloAttainment).toEqual([100, null]);
		const platform = (await figures('team', id.platform)).by;
		expect(platform.opened).toEqual([1, 0]);
		expect(platform.firstResponse50).toEqual([4, null]);
		expect(platform.openLonger).toEqual([1, 0]);
		expect(platform.sloAttainment).toEqual([0, null]);
		const frontline = (await figures('team', id.frontline)).by;
		expect(frontline.bugsFound).toEqual([2, 0]);
		expect(frontline.kudosGiven).toEqual([2, 0]);
	});

	it('a department by team: each of its teams side by side, from the team rollups', async () => {
		const { view } = await figures('department', id.engineering);
		expect(view.tables.teams.title).toBe('By team');
		expect(view.tables.teams.columns.slice(0, 3)).toEqual([
			'Team',
			'Bugs found',
			'Bugs found Sep 2026'
		]);
		// Core: Eve gave Pat one kudos (inside engineering) and received Sam's two (across);
		// Platform: Pat's one report was not a bug, and Pat received Eve's kudos.
		expect(view.tables.teams.rows).toEqual([
			['Core', 0, 0, null, 1, 2, 0, 2, 0, 0],
			['Platform', 0, 0, null, 0, 1, 0, 0, 0, 0]
		]);
		// Support's one team: Sue's two bugs beside Sam's two escalations from outside a bash.
		const support = (await figures('department', id.support)).view.tables.teams;
		expect(support.rows).toEqual([['Frontline', 2, 0, 50, 2, 0, 2, 0, 0, 0]]);
		// The breakdown belongs to the department level: the organisation has departments instead.
		const org = (await figures('org')).view.tables;
		expect(org.teams).toBeUndefined();
		expect(view.tables.departments).toBeUndefined();
		expect((await figures('team', id.core)).view.tables.teams).toBeUndefined();
	});

	it('one person', async () => {
		const eve = (await figures('person', id.eve)).by;
		expect(eve.opened).toEqual([2, 0]);
		expect(eve.closed).toEqual([2, 0]);
		expect(eve.firstResponse50).toEqual([1.5, null]);
		expect(eve.resolution50).toEqual([72, null]);
		expect(eve.resolution90).toEqual([78, null]);
		expect(eve.reopenRate).toEqual([50, null]);
		expect(eve.kudosReceived).toEqual([2, 0]);
		expect(eve.kudosGiven).toEqual([1, 0]);
		const sam = (await figures('person', id.sam)).by;
		expect(sam.kudosGivenAcross).toEqual([2, 0]);
		expect(sam.opened).toEqual([0, 0]);
	});
});

describe('who may see individual figures', () => {
	const event = (viewer: { id: number; role: 'admin' | 'member' }, search: string) =>
		({
			locals: {
				person: {
					...viewer,
					name: 'x',
					email: 'x',
					teamId: null,
					teamName: null,
					departmentId: null,
					departmentName: null,
					departmentKind: null
				}
			},
			url: new URL(`http://localhost/insights?${search}`)
		}) as never;

	it('a person sees their own, an admin anyone’s, another member nobody else’s (page and CSV: 404)', async () => {
		expect(await insightsView(member('eve'), october('person', id.eve), NOW)).not.toBeNull();
		expect(await insightsView(admin(), october('person', id.eve), NOW)).not.toBeNull();
		expect(await insightsView(member('sam'), october('person', id.eve), NOW)).toBeNull();
		expect(await insightsView(member('sam'), october('team', id.core), NOW)).not.toBeNull();

		const search = `period=month&start=2026-10-01&level=person&id=${id.eve}`;
		await expect(load(event(member('sam'), search))).rejects.toMatchObject({ status: 404 });
		await expect(GET(event(member('sam'), `${search}&chart=headline`))).rejects.toMatchObject({
			status: 404
		});
		const own = (await GET(event(member('eve'), `${search}&chart=headline`))) as Response;
		expect(own.status).toBe(200);
		const bytes = new Uint8Array(await own.arrayBuffer());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the UTF-8 byte-order mark
		const text = new TextDecoder().decode(bytes);
		expect(text.startsWith('"Figure","Oct 2026","Sep 2026","Change"')).toBe(true);
		expect(text).toContain('"Escalations opened","2","0","2"');
		const adminsView = (await load(event(admin(), search))) as { view: { subjectName: string } };
		expect(adminsView.view.subjectName).toBe('Eve Engineer');
		// A department's "By team" table comes out as CSV like the organisation's breakdown.
		const teams = (await GET(
			event(
				member('sam'),
				`period=month&start=2026-10-01&level=department&id=${id.engineering}&chart=teams`
			)
		)) as Response;
		const csv = (await teams.text()).replace(/^\uFEFF/, '').split('\r\n');
		expect(csv[0]).toContain('"Team","Bugs found","Bugs found Sep 2026"');
		expect(csv.slice(1, 3)).toEqual([
			'"Core","0","0","","1","2","0","2","0","0"',
			'"Platform","0","0","","0","1","0","0","0","0"'
		]);
		// An id that names nobody is a 404 too, not a 500.
		await expect(load(event(admin(), 'level=team&id=999999'))).rejects.toMatchObject({
			status: 404
		});
	});
});

describe('rollups', () => {
	it('the refresh job picks up new data in the current period; closed periods stay frozen', async () => {
		await forgetInsights();
		const mid = new Date('2026-10-20T12:00:00Z');
		await refreshInsights(mid);
		const opened = async (now: Date) =>
			(await insightsView(admin(), october('org'), now))!.headline.find((h) => h.id === 'opened')!
				.current;
		expect(await opened(mid)).toBe(3);
		await escalation('E6', id.sue, id.pat, { opened: '2026-10-19T10:00Z' });
		// Figures come from the rollup: nothing moves until the job runs again.
		expect(await opened(mid)).toBe(3);
		await refreshInsights(mid);
		expect(await opened(mid)).toBe(4);

		// Built once October had closed, it is frozen: December's refresh leaves it alone.
		await buildPeriod('month', '2026-10-01', new Date('2026-12-02T00:00:00Z'));
		await escalation('E7', id.sue, id.pat, { opened: '2026-10-25T10:00Z' });
		await refreshInsights(new Date('2026-12-02T00:00:00Z'));
		expect(await opened(new Date('2026-12-02T00:00:00Z'))).toBe(4);
		const [row] = await rowsOf<{ frozen: boolean }>(
			testDb.db,
			sql`select frozen from insight_period where kind = 'month' and start = '2026-10-01'`
		);
		expect(row.frozen).toBe(true);
	});
});
