// Team leads and SLO alerts escalating up to them, against a real database: who may lead a
// team (an active member), what a move or a deactivation does to it (clears it), and a
// breach that escalates up reaching the assignee's team lead in the inbox, or the admins
// when there is no lead to reach.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policyFormSchema } from '../../src/lib/slo/schemas';
import { assignEscalation, openEscalation } from '../../src/lib/server/escalations';
import { registerModules } from '../../src/lib/server/modules';
import { notification } from '../../src/lib/server/notifications/schema';
import {
	assignTeam,
	deactivatePerson,
	listTeams,
	reactivatePerson,
	searchPeople,
	setTeamLead,
	teamLeadOf,
	teammatesOf,
	updateTeam
} from '../../src/lib/server/org';
import { person, team } from '../../src/lib/server/org/schema';
import { fireDueTriggers, savePolicy, setSloNow } from '../../src/lib/server/slo';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { addPerson, addTeam } from '../helpers/ledger';
import { refusal } from '../helpers/refusal';
import { escalationReport } from '../helpers/reports';

let testDb: TestDatabase;
let agent: number;
let admin: number;
let platform: { id: number; departmentId: number };
let web: { id: number; departmentId: number };
let erin: number;
let lee: number;
let wes: number;
let now = new Date('2026-12-01T10:00:00Z');
const T0 = now.getTime();
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

async function leadIdOf(teamId: number) {
	const [row] = await testDb.db
		.select({ leadId: team.leadId })
		.from(team)
		.where(eq(team.id, teamId));
	return row.leadId;
}

/** Who got an SLO alert about this escalation in their inbox, and what it said. */
async function alertsAbout(escalationId: number) {
	const rows = await testDb.db
		.select({ personId: notification.personId, text: notification.text })
		.from(notification)
		.where(eq(notification.kind, 'slo.alert'));
	return rows.filter((n) => new RegExp(`#${escalationId}\\b`).test(n.text));
}
const toWhom = async (escalationId: number, kind: 'warning' | 'breached') =>
	(await alertsAbout(escalationId))
		.filter((n) => n.text.startsWith(kind === 'warning' ? 'SLO warning' : 'SLO breached'))
		.map((n) => n.personId)
		.sort();

beforeAll(async () => {
	registerModules();
	setSloNow(() => now);
	testDb = await createTestDatabase();
	const support = await addTeam(testDb, 'Frontline', 'support');
	platform = await addTeam(testDb, 'Platform', 'engineering');
	web = await addTeam(testDb, 'Web', 'engineering');
	const ops = await addTeam(testDb, 'Ops', 'other');
	agent = await addPerson(testDb, 'Sam Support', support.id);
	erin = await addPerson(testDb, 'Erin Engineer', platform.id);
	lee = await addPerson(testDb, 'Lee Lead', platform.id);
	wes = await addPerson(testDb, 'Wes Web', web.id);
	admin = await addPerson(testDb, 'Alex Admin', ops.id);
	await testDb.db.update(person).set({ role: 'admin' }).where(eq(person.id, admin));
}, 300_000);

afterAll(async () => {
	setSloNow(null);
	await testDb?.destroy();
});

describe('team leads', () => {
	it('only admins choose a lead, and only from the team’s active members', async () => {
		expect((await refusal(setTeamLead(erin, platform.id, lee))).message).toBe(
			'Only admins can choose team leads.'
		);
		const outsider = await refusal(setTeamLead(admin, platform.id, wes));
		expect(outsider).toMatchObject({
			field: 'leadId',
			message: 'Choose the lead from the team’s active members.'
		});
		await refusal(setTeamLead(admin, platform.id, 999_999));
		await refusal(setTeamLead(admin, 999_999, lee));
		expect(await leadIdOf(platform.id)).toBeNull();

		await setTeamLead(admin, platform.id, lee);
		expect(await teamLeadOf(platform.id)).toMatchObject({ id: lee, name: 'Lee Lead' });
		const listed = (await listTeams()).find((t) => t.id === platform.id);
		expect(listed).toMatchObject({ leadId: lee, leadName: 'Lee Lead', members: 2 });
		// The home page's "Your team" names the lead.
		expect((await teammatesOf(erin, platform.id)).lead).toEqual({ id: lee, name: 'Lee Lead' });
		expect((await teammatesOf(wes, web.id)).lead).toBeNull();
		const directory = await searchPeople({ teamId: platform.id });
		expect(directory.map((p) => [p.name, p.isLead])).toEqual([
			['Erin Engineer', false],
			['Lee Lead', true]
		]);
	});

	it('the team’s row keeps the lead when it is not posted, and sets or clears it when it is', async () => {
		await updateTeam(admin, platform.id, 'Platform', platform.departmentId);
		expect(await leadIdOf(platform.id)).toBe(lee);
		await updateTeam(admin, platform.id, 'Platform', platform.departmentId, erin);
		expect(await leadIdOf(platform.id)).toBe(erin);
		await refusal(updateTeam(admin, platform.id, 'Platform team', platform.departmentId, wes));
		// A refused row changes nothing, the name included.
		expect((await listTeams()).find((t) => t.id === platform.id)?.name).toBe('Platform');
		await updateTeam(admin, platform.id, 'Platform', platform.departmentId, null);
		expect(await leadIdOf(platform.id)).toBeNull();
	});

	it('moving the lead to another team clears it; a move within keeps it', async () => {
		await setTeamLead(admin, platform.id, erin);
		await assignTeam(admin, erin, platform.id);
		expect(await leadIdOf(platform.id)).toBe(erin);
		await assignTeam(admin, erin, web.id);
		expect(await leadIdOf(platform.id)).toBeNull();
		expect(await teamLeadOf(platform.id)).toBeNull();
		await assignTeam(admin, erin, platform.id);
		// Coming back does not make them lead again: an admin chooses.
		expect(await leadIdOf(platform.id)).toBeNull();
	});

	it('deactivating the lead clears it, and reactivating does not restore it', async () => {
		const temp = await addPerson(testDb, 'Tia Temp', web.id);
		await setTeamLead(admin, web.id, temp);
		await deactivatePerson(admin, temp);
		expect(await leadIdOf(web.id)).toBeNull();
		await reactivatePerson(admin, temp);
		expect(await leadIdOf(web.id)).toBeNull();
		await deactivatePerson(admin, temp);
		expect((await refusal(setTeamLead(admin, web.id, temp))).field).toBe('leadId');
	});
});

describe('escalating up', () => {
	beforeAll(async () => {
		now = at(0);
		await setTeamLead(admin, platform.id, lee);
		// Time until resolved: a warning at 50 %, the breach at an hour, escalating up.
		await savePolicy(
			admin,
			policyFormSchema.parse({
				name: 'Resolve within the hour',
				resolutionMinutes: 60,
				warnAt: '50',
				notifyAssignee: false,
				escalateUp: 'lead'
			})
		);
	});

	async function breachedEscalation(title: string, assignee: number | null) {
		const { escalationId } = await openEscalation(agent, escalationReport(title));
		if (assignee) await assignEscalation(assignee, escalationId, assignee);
		return escalationId;
	}

	it('reaches the lead of the assignee’s team, at the breach and not at the warning', async () => {
		now = at(0);
		const id = await breachedEscalation('Checkout fails', erin);
		now = at(30);
		await fireDueTriggers(now);
		expect(await toWhom(id, 'warning')).toEqual([]);
		now = at(60);
		await fireDueTriggers(now);
		expect(await toWhom(id, 'breached')).toEqual([lee]);
	});

	it('reaches the admins when the team has no lead, nobody is assigned, or the assignee leads', async () => {
		now = at(100);
		const noLead = await breachedEscalation('Web search broken', wes);
		const unassigned = await breachedEscalation('Nobody on it', null);
		const leadOwn = await breachedEscalation('Lee’s own', lee);
		now = at(160);
		await fireDueTriggers(now);
		expect(await toWhom(noLead, 'breached')).toEqual([admin]);
		expect(await toWhom(unassigned, 'breached')).toEqual([admin]);
		expect(await toWhom(leadOwn, 'breached')).toEqual([admin]);
	});

	it('a lead moved out of the team no longer hears of its escalations', async () => {
		now = at(200);
		const id = await breachedEscalation('Cache stampede', erin);
		await assignTeam(admin, lee, web.id);
		now = at(260);
		await fireDueTriggers(now);
		expect(await toWhom(id, 'breached')).toEqual([admin]);
	});
});
