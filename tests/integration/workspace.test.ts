// Workspace settings, org writes and the bug bash caps, against a real database: what each
// write stores, what it refuses (hostile input, non-admins) and that a refusal changes nothing.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bashSchema } from '../../src/lib/bugbash/schemas';
import { parseDay } from '../../src/lib/workspace/hours';
import {
	approveBash,
	createBash,
	declineBash,
	findBash,
	logBug,
	startBash,
	triageBug
} from '../../src/lib/server/bugbash';
import { balanceOf } from '../../src/lib/server/ledger';
import { notification } from '../../src/lib/server/notifications/schema';
import {
	assignTeam,
	createTeam,
	deleteTeam,
	listDepartments,
	person,
	team,
	updateTeam
} from '../../src/lib/server/org';
import { signupDomain } from '../../src/lib/server/auth/schema';
import {
	addHoliday,
	dismissChecklist,
	getBusinessCalendar,
	getWorkspace,
	openSignupFor,
	removeHoliday,
	saveBashCaps,
	saveBusinessHours,
	saveWorkspaceSettings
} from '../../src/lib/server/workspace';
import { workspace } from '../../src/lib/server/workspace/schema';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { addPerson, eventsIn } from '../helpers/ledger';
import { refusal } from '../helpers/refusal';
import { bugReport } from '../helpers/reports';

let testDb: TestDatabase;
let admin: number;
let member: number;
let friend: number;

beforeAll(async () => {
	testDb = await createTestDatabase();
	admin = await addPerson(testDb, 'Ada Admin');
	await testDb.db.update(person).set({ role: 'admin' }).where(eq(person.id, admin));
	member = await addPerson(testDb, 'Mo Member');
	friend = await addPerson(testDb, 'Fred Friend');
});
afterAll(async () => {
	await testDb?.destroy();
});

async function row() {
	const [settings] = await testDb.db.select().from(workspace).where(eq(workspace.id, 1));
	return settings;
}

describe('workspace settings', () => {
	it('starts with Monday to Friday 09:00–17:00 and no holidays', async () => {
		expect(await getBusinessCalendar()).toEqual({
			timeZone: 'UTC',
			hours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMinute: 540, endMinute: 1020 })),
			holidays: []
		});
	});

	it('renames the workspace and sets its zone, recording a workspace event', async () => {
		await saveWorkspaceSettings(admin, { name: ' Acme Support ', timeZone: 'Europe/Berlin' });
		expect(await row()).toMatchObject({ name: 'Acme Support', timeZone: 'Europe/Berlin' });
		expect((await getWorkspace()).name).toBe('Acme Support');
		const events = await eventsIn(testDb, 'workspace');
		expect(events.at(-1)).toMatchObject({
			type: 'workspace.settings',
			payload: { name: 'Acme Support', timeZone: 'Europe/Berlin' },
			actorId: admin
		});
		expect((await getBusinessCalendar()).timeZone).toBe('Europe/Berlin');
	});

	it('refuses a bad zone, a bad name or a non-admin, changing nothing', async () => {
		const before = await row();
		const events = (await eventsIn(testDb, 'workspace')).length;
		for (const timeZone of [
			'Mars/Olympus_Mons',
			'+02:00',
			'',
			'Europe/Berlin\0',
			'x'.repeat(10_000)
		]) {
			const err = await refusal(saveWorkspaceSettings(admin, { name: 'Fine', timeZone }));
			expect(err.field).toBe('timeZone');
			expect(err.message).toBe('Choose a time zone from the list, like Europe/Berlin.');
		}
		for (const name of ['   ', 'a\0b', 'n'.repeat(61)]) {
			expect((await refusal(saveWorkspaceSettings(admin, { name, timeZone: 'UTC' }))).field).toBe(
				'name'
			);
		}
		const err = await refusal(saveWorkspaceSettings(member, { name: 'Mine', timeZone: 'UTC' }));
		expect(err.message).toBe('Only admins can change the workspace settings.');
		expect(await row()).toEqual(before);
		expect(await eventsIn(testDb, 'workspace')).toHaveLength(events);
	});
});

describe('business hours', () => {
	it('reads several spans a day and says what is wrong with a bad line', () => {
		expect(parseDay(1, '13:00-17:00, 9-12:30')).toEqual({
			spans: [
				{ weekday: 1, startMinute: 540, endMinute: 750 },
				{ weekday: 1, startMinute: 780, endMinute: 1020 }
			]
		});
		expect(parseDay(6, '')).toEqual({ spans: [] });
		expect(parseDay(1, '09:00–12:00, 11:00–14:00')).toEqual({
			error: '09:00–12:00 and 11:00–14:00 overlap.'
		});
		expect(parseDay(1, '17:00–09:00')).toEqual({ error: '17:00–09:00 ends before it starts.' });
		expect(parseDay(1, '25:00–26:00')).toHaveProperty('error');
		expect(parseDay(1, 'nine to five')).toHaveProperty('error');
		expect(parseDay(1, '9:75–10:00')).toHaveProperty('error');
	});

	it('stores spans per weekday, a missing weekday being closed', async () => {
		const week = [
			{ weekday: 1, startMinute: 480, endMinute: 720 },
			{ weekday: 1, startMinute: 780, endMinute: 1080 },
			{ weekday: 3, startMinute: 0, endMinute: 1440 }
		];
		await saveBusinessHours(admin, week);
		expect((await getBusinessCalendar()).hours).toEqual(week);
	});

	it('refuses overlapping, inverted, out-of-day and huge spans, and non-admins', async () => {
		const before = await getBusinessCalendar();
		const bad = [
			[
				{ weekday: 2, startMinute: 540, endMinute: 720 },
				{ weekday: 2, startMinute: 700, endMinute: 800 }
			],
			[{ weekday: 2, startMinute: 720, endMinute: 540 }],
			[{ weekday: 2, startMinute: 540, endMinute: 1441 }],
			[{ weekday: 8, startMinute: 540, endMinute: 600 }],
			[{ weekday: 2, startMinute: -60, endMinute: 600 }],
			[{ weekday: 2, startMinute: 1.5, endMinute: 600 }],
			[{ weekday: 2, startMinute: 0, endMinute: Number.MAX_SAFE_INTEGER }]
		];
		for (const spans of bad) {
			expect((await refusal(saveBusinessHours(admin, spans))).message).toBe(
				'Business hours must start before they end and may not overlap.'
			);
		}
		expect((await refusal(saveBusinessHours(member, []))).message).toBe(
			'Only admins can change the business hours.'
		);
		expect(await getBusinessCalendar()).toEqual(before);
	});
});

describe('holidays', () => {
	it('adds and removes holidays, sorted, in the calendar', async () => {
		await addHoliday(admin, '2026-12-25', 'Christmas Day');
		await addHoliday(admin, '2026-12-24', 'Christmas Eve');
		expect((await getBusinessCalendar()).holidays).toEqual(['2026-12-24', '2026-12-25']);
		await removeHoliday(admin, '2026-12-24');
		expect((await getBusinessCalendar()).holidays).toEqual(['2026-12-25']);
	});

	it('refuses a repeat, an impossible date, a bad label and non-admins', async () => {
		expect((await refusal(addHoliday(admin, '2026-12-25', 'Again'))).field).toBe('day');
		for (const day of ['2026-02-30', '2026-13-01', '1999-01-01', '20261225', 'tomorrow']) {
			expect((await refusal(addHoliday(admin, day, 'Nope'))).field).toBe('day');
		}
		for (const label of ['', '   ', 'a\0b', 'l'.repeat(81)]) {
			expect((await refusal(addHoliday(admin, '2027-01-01', label))).field).toBe('label');
		}
		expect((await refusal(addHoliday(member, '2027-01-01', 'Mine'))).message).toBe(
			'Only admins can change the holidays.'
		);
		expect((await refusal(removeHoliday(member, '2026-12-25'))).message).toBe(
			'Only admins can change the holidays.'
		);
		expect((await getBusinessCalendar()).holidays).toEqual(['2026-12-25']);
	});
});

describe('sign-up domains', () => {
	it('warns about a public email provider and opens it only when the admin insists', async () => {
		const err = await refusal(openSignupFor(admin, 'Gmail.com', false));
		expect(err.field).toBe('domain');
		expect(err.message).toContain('gmail.com is a public email provider');
		expect(await testDb.db.select().from(signupDomain)).toHaveLength(0);
		await openSignupFor(admin, 'gmail.com', true);
		await openSignupFor(admin, 'acme.test', false);
		const open = await testDb.db.select().from(signupDomain);
		expect(open.map((d) => d.domain).sort()).toEqual(['acme.test', 'gmail.com']);
	});

	it('refuses a member', async () => {
		expect((await refusal(openSignupFor(member, 'member.test', false))).message).toBe(
			'Only admins can change who may sign up.'
		);
		expect(await testDb.db.select().from(signupDomain)).toHaveLength(2);
	});
});

describe('org writes', () => {
	it('record org events and refuse members, changing nothing', async () => {
		const [dept] = await listDepartments();
		const teamId = await createTeam(admin, 'Night Shift', dept.id);
		await assignTeam(admin, friend, teamId);
		await updateTeam(admin, teamId, 'Night Owls', dept.id);
		const types = (await eventsIn(testDb, 'org')).map((e) => e.type);
		expect(types).toEqual(['org.team_created', 'org.person_moved', 'org.team_changed']);

		expect((await refusal(createTeam(member, 'Rogue', dept.id))).message).toBe(
			'Only admins can create teams.'
		);
		expect((await refusal(updateTeam(member, teamId, 'Mine now', dept.id))).message).toBe(
			'Only admins can change teams.'
		);
		expect((await refusal(assignTeam(member, member, teamId))).message).toBe(
			'Only admins can move people between teams.'
		);
		expect((await refusal(deleteTeam(member, teamId))).message).toBe(
			'Only admins can delete teams.'
		);
		const [stored] = await testDb.db.select().from(team).where(eq(team.id, teamId));
		expect(stored.name).toBe('Night Owls');
		const [mo] = await testDb.db.select().from(person).where(eq(person.id, member));
		expect(mo.teamId).toBeNull();
		expect(await eventsIn(testDb, 'org')).toHaveLength(3);
	});

	it('refuses a NUL or overlong team name next to the field', async () => {
		const [dept] = await listDepartments();
		expect((await refusal(createTeam(admin, 'Bad\0Name', dept.id))).field).toBe('name');
		expect((await refusal(createTeam(admin, 'n'.repeat(61), dept.id))).field).toBe('name');
	});
});

describe('bug bash caps', () => {
	const hour = 3_600_000;
	const generous = (title: string) =>
		bashSchema.parse({
			title,
			feature: 'Points',
			startsAt: new Date(Date.now() + hour),
			endsAt: new Date(Date.now() + 2 * hour),
			scoring: { critical: 100, high: 100, medium: 100, low: 100, duplicate: 100, firstBonus: 100 }
		});

	it('refuses caps outside 0–100 and non-admins', async () => {
		for (const bad of [-1, 101, 1.5, Number.MAX_SAFE_INTEGER]) {
			const err = await refusal(saveBashCaps(admin, { bashPointsCap: bad, bashFirstBonusCap: 5 }));
			expect(err.field).toBe('bashPointsCap');
		}
		expect(
			(await refusal(saveBashCaps(member, { bashPointsCap: 100, bashFirstBonusCap: 100 }))).message
		).toBe('Only admins can change the bug bash caps.');
		expect(await row()).toMatchObject({ bashPointsCap: 10, bashFirstBonusCap: 5 });
	});

	// The mint: a member makes a bash paying 100 per bug plus 100 first-find bonus, a friend
	// logs bugs, the member accepts them. Above the caps it pays nothing until an admin approves.
	it('a member’s over-cap bash pays nothing until an admin approves it', async () => {
		const bashId = await createBash(member, generous('Mint'));
		expect((await findBash(bashId)).approval).toBe('pending');
		await startBash(member, bashId);
		const first = await logBug(friend, bashId, bugReport('Button is blue'));
		await triageBug(member, first.bugId, { kind: 'accepted' });
		expect(await balanceOf(friend)).toBe(0);

		expect((await refusal(approveBash(member, bashId))).message).toBe(
			'Only admins can approve bug bashes.'
		);
		await approveBash(admin, bashId);
		expect((await findBash(bashId)).approval).toBe('approved');
		const told = await testDb.db
			.select()
			.from(notification)
			.where(eq(notification.personId, member));
		expect(told.map((n) => n.kind)).toContain('bugbash.approval');

		// The bug accepted while pending is paid on approval, with the first-find bonus.
		expect(await balanceOf(friend)).toBe(200);
		const paid = await testDb.db
			.select()
			.from(notification)
			.where(and(eq(notification.personId, friend), eq(notification.kind, 'bug.paid')));
		expect(paid.map((n) => n.text)).toEqual([
			'Your bugs in Mint earned 100 points now that its points are settled.'
		]);

		const second = await logBug(friend, bashId, bugReport('Button is green'));
		await triageBug(member, second.bugId, { kind: 'accepted' });
		// From approval on it pays its scoring; the bonus was the first bug's.
		expect(await balanceOf(friend)).toBe(300);
		expect((await refusal(approveBash(admin, bashId))).message).toBe('Mint was already approved.');
	});

	it('a bash within the caps, or an admin’s, is approved as it is made', async () => {
		const modest = bashSchema.parse({
			title: 'Modest',
			feature: 'Points',
			startsAt: new Date(Date.now() + hour),
			endsAt: new Date(Date.now() + 2 * hour)
		});
		expect((await findBash(await createBash(member, modest))).approval).toBe('approved');
		const adminsBash = await createBash(admin, generous('Admin’s'));
		expect((await findBash(adminsBash)).approval).toBe('approved');
	});

	it('a declined bash pays no more than the caps, bugs triaged while pending included', async () => {
		const bashId = await createBash(member, generous('Declined'));
		await startBash(member, bashId);
		const before = await balanceOf(friend);
		const found = await logBug(friend, bashId, bugReport('Label overlaps'));
		const again = await logBug(friend, bashId, bugReport('Label overlaps the icon'));
		await triageBug(member, found.bugId, { kind: 'accepted', severity: 'high' });
		await triageBug(member, again.bugId, { kind: 'duplicate', duplicateOfId: found.bugId });
		expect(await balanceOf(friend)).toBe(before);
		await declineBash(admin, bashId);
		// 10 for the high bug, 5 first-find bonus, 10 for confirming it: the caps.
		expect(await balanceOf(friend)).toBe(before + 25);
		// Deciding again is refused, and nothing is paid twice.
		await refusal(declineBash(admin, bashId));
		expect(await balanceOf(friend)).toBe(before + 25);
		const bash = await findBash(bashId);
		expect(bash.approval).toBe('declined');
		expect(bash.scoring).toEqual({
			critical: 10,
			high: 10,
			medium: 10,
			low: 10,
			duplicate: 10,
			firstBonus: 5
		});
	});
});

describe('first-run checklist', () => {
	it('only an admin may put it away', async () => {
		expect((await refusal(dismissChecklist(member))).message).toBe(
			'Only admins can put the checklist away.'
		);
		expect((await row()).checklistDismissedAt).toBeNull();
		await dismissChecklist(admin);
		expect((await row()).checklistDismissedAt).toBeInstanceOf(Date);
	});
});
