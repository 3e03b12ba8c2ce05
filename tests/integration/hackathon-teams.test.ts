// Hackathon teams against the real database: one team per person per hackathon, the size
// limit under ten concurrent joins for the last place, join requests and invitations with
// their notifications, leaving, handing over captaincy, the ideas board and who is free,
// the cross-functional checklist, and every permission refused with nothing changed.
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crossFunctionalChecklist, meetsRule } from '../../src/lib/hackathons/checklist';
import {
	advancePhase,
	answerInvite,
	createHackathon,
	createTeam,
	freeAgentsOf,
	handOverCaptaincy,
	ideasOf,
	inviteToTeam,
	leaveTeam,
	makeException,
	lookForTeam,
	postIdea,
	requestToJoin,
	teamsOf
} from '../../src/lib/server/hackathons';
import {
	hackathonMember,
	hackathonTeam,
	hackathonTeamInvite
} from '../../src/lib/server/hackathons/schema';
import { openEscalation } from '../../src/lib/server/escalations';
import { notification } from '../../src/lib/server/notifications/schema';
import { registerModules } from '../../src/lib/server/modules';
import { roomEvent } from '../../src/lib/server/realtime/schema';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { hackathonCast, hackathonInput, openHackathon } from '../helpers/hackathons';
import { addPerson } from '../helpers/ledger';
import { refusal } from '../helpers/refusal';
import { escalationReport } from '../helpers/reports';

let testDb: TestDatabase;
let cast: Awaited<ReturnType<typeof hackathonCast>>;

beforeAll(async () => {
	registerModules();
	testDb = await createTestDatabase();
	cast = await hackathonCast(testDb);
}, 60_000);

afterAll(async () => {
	await testDb?.destroy();
});

async function membersOf(teamId: number) {
	const rows = await testDb.db
		.select({ personId: hackathonMember.personId })
		.from(hackathonMember)
		.where(eq(hackathonMember.teamId, teamId));
	return rows.map((r) => r.personId).sort((a, b) => a - b);
}

async function noticesOf(personId: number, kind: string) {
	return testDb.db
		.select()
		.from(notification)
		.where(and(eq(notification.personId, personId), eq(notification.kind, kind)));
}

async function eventTypes(hackathonId: number) {
	const rows = await testDb.db
		.select({ type: roomEvent.type, payload: roomEvent.payload })
		.from(roomEvent)
		.where(eq(roomEvent.room, `hackathon:${hackathonId}`))
		.orderBy(roomEvent.seq);
	return rows;
}

describe('one team per person', () => {
	it('refuses a second team, a request from someone in a team, and a raw second membership', async () => {
		const id = await openHackathon(cast.admin);
		const first = await createTeam(cast.sam, id, { name: 'First' });
		expect(await membersOf(first)).toEqual([cast.sam]);
		const second = await refusal(createTeam(cast.sam, id, { name: 'Second' }));
		expect(second.message).toBe('You are already in a team in this hackathon.');
		const other = await createTeam(cast.erin, id, { name: 'Other' });
		expect((await refusal(requestToJoin(cast.sam, id, other))).message).toBe(
			'You are already in a team in this hackathon.'
		);
		expect((await refusal(createTeam(cast.pia, id, { name: 'first' }))).field).toBe('name');
		// The database itself holds the rule, whatever code writes.
		await expect(
			testDb.db
				.insert(hackathonMember)
				.values({ hackathonId: id, teamId: other, personId: cast.sam })
		).rejects.toThrow();
		expect((await teamsOf(id)).map((t) => t.name)).toEqual(['First', 'Other']);
	});

	it('lets the same person be in a team in another hackathon', async () => {
		const a = await openHackathon(cast.admin);
		const b = await openHackathon(cast.admin);
		await createTeam(cast.pia, a, { name: 'In A' });
		await createTeam(cast.pia, b, { name: 'In B' });
	});

	it('refuses acting on a team through another hackathon, changing nothing', async () => {
		const a = await openHackathon(cast.admin);
		const b = await openHackathon(cast.admin);
		const team = await createTeam(cast.sam, a, { name: 'Only in A' });
		const invite = await inviteToTeam(cast.sam, a, team, cast.pia);
		const notFound = 'That team does not exist.';
		expect((await refusal(requestToJoin(cast.erin, b, team))).message).toBe(notFound);
		expect((await refusal(inviteToTeam(cast.sam, b, team, cast.erin))).message).toBe(notFound);
		expect((await refusal(leaveTeam(cast.sam, b, team))).message).toBe(notFound);
		expect((await refusal(handOverCaptaincy(cast.sam, b, team, cast.pia))).message).toBe(notFound);
		expect((await refusal(makeException(cast.admin, b, team, 'Because.'))).message).toBe(notFound);
		expect((await refusal(answerInvite(cast.pia, b, invite, true))).message).toBe(
			'That request does not exist.'
		);
		expect(await membersOf(team)).toEqual([cast.sam]);
	});
});

describe('the size limit', () => {
	it('lets exactly one of ten concurrent joins take the last place', async () => {
		const id = await openHackathon(cast.admin, { teamSizeMax: 3 });
		const team = await createTeam(cast.sam, id, { name: 'Nearly full' });
		await answerInvite(cast.pia, id, await inviteToTeam(cast.sam, id, team, cast.pia), true);
		const people: number[] = [];
		for (let i = 0; i < 10; i++)
			people.push(await addPerson(testDb, `Joiner ${i}`, cast.teams.engineering.id));
		const invites: number[] = [];
		for (const person of people) invites.push(await inviteToTeam(cast.sam, id, team, person));

		const results = await Promise.allSettled(
			people.map((person, i) => answerInvite(person, id, invites[i], true))
		);
		const joined = results.filter((r) => r.status === 'fulfilled');
		const refused = results.filter((r) => r.status === 'rejected');
		expect(joined).toHaveLength(1);
		expect(refused).toHaveLength(9);
		for (const r of refused)
			expect((r as PromiseRejectedResult).reason.message).toBe('That team is full.');
		const members = await membersOf(team);
		expect(members).toHaveLength(3);
		// The nine refused invitations are still pending: a refusal changes nothing.
		const [pending] = await testDb.db
			.select({ n: count() })
			.from(hackathonTeamInvite)
			.where(and(eq(hackathonTeamInvite.teamId, team), eq(hackathonTeamInvite.state, 'pending')));
		expect(Number(pending.n)).toBe(9);
		const joinedEvents = (await eventTypes(id)).filter((e) => e.type === 'team.joined');
		expect(joinedEvents).toHaveLength(3);
		// A full team takes no new requests or invitations.
		expect((await refusal(requestToJoin(cast.erin, id, team))).message).toBe('That team is full.');
	}, 60_000);
});

describe('join requests', () => {
	it('tells the captain; only the captain answers; accepted joins, declined does not', async () => {
		const id = await openHackathon(cast.admin);
		const team = await createTeam(cast.sam, id, { name: 'Answerers' });
		const ask = await requestToJoin(cast.erin, id, team, 'I can do the backend.');
		expect((await refusal(requestToJoin(cast.erin, id, team))).message).toBe(
			'You already asked to join this team.'
		);
		const notice = (await noticesOf(cast.sam, 'hackathon.join_request')).at(-1);
		expect(notice).toMatchObject({
			text: 'Erin Engineer asks to join Answerers.',
			href: `/hackathons/${id}/teams/${team}`
		});

		expect((await refusal(answerInvite(cast.erin, id, ask, true))).message).toBe(
			'Only the captain can answer join requests.'
		);
		expect((await refusal(answerInvite(cast.pia, id, ask, true))).message).toBe(
			'Only the captain can answer join requests.'
		);
		expect(await membersOf(team)).toEqual([cast.sam]);
		await answerInvite(cast.sam, id, ask, true);
		expect(await membersOf(team)).toEqual([cast.sam, cast.erin].sort((a, b) => a - b));
		expect((await refusal(answerInvite(cast.sam, id, ask, false))).message).toBe(
			'That was already answered.'
		);
		const answers = (await noticesOf(cast.erin, 'hackathon.answer')).map((n) => n.text);
		expect(answers).toContain('Sam Support accepted your request to join Answerers.');
		const joined = (await eventTypes(id)).find(
			(e) => e.type === 'team.joined' && (e.payload as { personId: number }).personId === cast.erin
		);
		expect(joined?.payload).toMatchObject({ teamId: team, departments: expect.any(Array) });
		expect((joined?.payload as { departments: string[] }).departments).toHaveLength(2);

		const declined = await requestToJoin(cast.pia, id, team);
		await answerInvite(cast.sam, id, declined, false);
		expect(await membersOf(team)).not.toContain(cast.pia);
		const [decision] = await testDb.db
			.select()
			.from(hackathonTeamInvite)
			.where(eq(hackathonTeamInvite.id, declined));
		expect(decision.state).toBe('declined');
		expect((await refusal(answerInvite(cast.sam, id, 2_147_483_647, true))).message).toBe(
			'That request does not exist.'
		);
	});
});

describe('invitations', () => {
	it('are sent by the captain only, answered by the invitee only, and lapse when they join elsewhere', async () => {
		const id = await openHackathon(cast.admin);
		const team = await createTeam(cast.sam, id, { name: 'Inviters' });
		expect((await refusal(inviteToTeam(cast.erin, id, team, cast.pia))).message).toBe(
			'Only the captain can invite people.'
		);
		const invite = await inviteToTeam(cast.sam, id, team, cast.pia);
		const notices = await noticesOf(cast.pia, 'hackathon.invitation');
		expect(notices.map((n) => n.text)).toContain(
			'You are invited to join Inviters in Support Hack.'
		);
		expect((await refusal(inviteToTeam(cast.sam, id, team, cast.sam))).field).toBe('personId');
		expect((await refusal(inviteToTeam(cast.sam, id, team, 2_147_483_647))).field).toBe('personId');
		expect((await refusal(answerInvite(cast.sam, id, invite, true))).message).toBe(
			'Only the person invited can answer an invitation.'
		);
		await answerInvite(cast.pia, id, invite, true);
		expect(await membersOf(team)).toContain(cast.pia);
		const answers = (await noticesOf(cast.sam, 'hackathon.answer')).map((n) => n.text);
		expect(answers).toContain('Pia Product accepted the invitation to Inviters.');

		// Erin was invited by two teams and asked to join a third: joining one settles the rest.
		const other = await createTeam(cast.eli, id, { name: 'Elsewhere' });
		const a = await inviteToTeam(cast.sam, id, team, cast.erin);
		const b = await inviteToTeam(cast.eli, id, other, cast.erin);
		await answerInvite(cast.erin, id, b, true);
		const [lapsed] = await testDb.db
			.select()
			.from(hackathonTeamInvite)
			.where(eq(hackathonTeamInvite.id, a));
		expect(lapsed.state).toBe('withdrawn');
		expect((await refusal(answerInvite(cast.erin, id, a, true))).message).toBe(
			'That was already answered.'
		);
	});
});

describe('leaving and captaincy', () => {
	it('a member leaves; the captain hands over first; the last one out ends the team', async () => {
		const id = await openHackathon(cast.admin);
		const team = await createTeam(cast.sam, id, { name: 'Leavers' });
		await answerInvite(cast.erin, id, await inviteToTeam(cast.sam, id, team, cast.erin), true);
		await answerInvite(cast.pia, id, await inviteToTeam(cast.sam, id, team, cast.pia), true);

		expect((await refusal(leaveTeam(cast.eli, id, team))).message).toBe(
			'You are not in this team.'
		);
		expect((await refusal(leaveTeam(cast.sam, id, team))).message).toBe(
			'Hand over captaincy before you leave.'
		);
		await leaveTeam(cast.pia, id, team);
		expect(await membersOf(team)).not.toContain(cast.pia);

		expect((await refusal(handOverCaptaincy(cast.erin, id, team, cast.erin))).message).toBe(
			'Only the captain can hand over captaincy.'
		);
		expect((await refusal(handOverCaptaincy(cast.sam, id, team, cast.pia))).field).toBe('personId');
		await handOverCaptaincy(cast.sam, id, team, cast.erin);
		const [row] = await testDb.db.select().from(hackathonTeam).where(eq(hackathonTeam.id, team));
		expect(row.captainId).toBe(cast.erin);
		expect((await noticesOf(cast.erin, 'hackathon.team')).map((n) => n.text)).toContain(
			'You are now the captain of Leavers.'
		);
		// The new captain invites; the old one no longer can.
		expect((await refusal(inviteToTeam(cast.sam, id, team, cast.pia))).message).toBe(
			'Only the captain can invite people.'
		);
		await inviteToTeam(cast.erin, id, team, cast.pia);

		await leaveTeam(cast.sam, id, team);
		await leaveTeam(cast.erin, id, team);
		expect(await testDb.db.select().from(hackathonTeam).where(eq(hackathonTeam.id, team))).toEqual(
			[]
		);
		expect((await eventTypes(id)).map((e) => e.type)).toContain('team.disbanded');
	});

	it('keeps teams fixed outside registration and hacking', async () => {
		const draft = await createHackathon(cast.admin, hackathonInput());
		expect((await refusal(createTeam(cast.sam, draft, { name: 'Too soon' }))).message).toBe(
			'Registration has not opened yet.'
		);
		const id = await openHackathon(cast.admin);
		const team = await createTeam(cast.sam, id, { name: 'Fixed' });
		await answerInvite(cast.pia, id, await inviteToTeam(cast.sam, id, team, cast.pia), true);
		const ask = await requestToJoin(cast.erin, id, team);
		await advancePhase(cast.admin, id);
		await advancePhase(cast.admin, id);
		const fixed = 'Teams are fixed once hacking ends.';
		expect((await refusal(answerInvite(cast.sam, id, ask, true))).message).toBe(fixed);
		expect((await refusal(leaveTeam(cast.pia, id, team))).message).toBe(fixed);
		expect((await refusal(createTeam(cast.eli, id, { name: 'Late' }))).message).toBe(fixed);
		expect(await membersOf(team)).toHaveLength(2);
	});
});

describe('the ideas board and people looking for a team', () => {
	it('posts ideas with escalations as evidence, refusing escalations that do not exist', async () => {
		const id = await openHackathon(cast.admin);
		const { escalationId } = await openEscalation(cast.sam, escalationReport('Invoices fail'));
		const ideaId = await postIdea(cast.sam, id, {
			title: 'Invoice self-service',
			problem: 'Customers cannot download their invoices themselves.',
			evidence: `#${escalationId}`,
			skills: 'PDF, Svelte, PDF'
		});
		const [idea] = await ideasOf(id);
		expect(idea).toMatchObject({
			id: ideaId,
			authorName: 'Sam Support',
			skills: ['PDF', 'Svelte'],
			evidence: [{ id: escalationId, title: 'Invoices fail' }]
		});
		const ghost = { title: 'Ghost idea', problem: 'Backed by an escalation nobody filed.' };
		const missing = await refusal(
			postIdea(cast.sam, id, {
				...ghost,
				evidence: '#999999999'
			})
		);
		expect(missing).toMatchObject({
			field: 'evidence',
			message: 'There is no escalation #999999999.'
		});
		expect((await refusal(postIdea(cast.sam, id, { ...ghost, evidence: 'twelve' }))).field).toBe(
			'evidence'
		);
		expect((await refusal(postIdea(cast.sam, id, { title: 'x', problem: 'short' }))).field).toBe(
			'title'
		);
		expect(await ideasOf(id)).toHaveLength(1);
		const team = await createTeam(cast.sam, id, { name: 'Invoicers', ideaId });
		expect((await teamsOf(id)).find((t) => t.id === team)?.ideaTitle).toBe('Invoice self-service');
	});

	it('shows who is looking for a team, by department, until they join one', async () => {
		const id = await openHackathon(cast.admin);
		await lookForTeam(cast.erin, id, 'Go, SQL');
		await lookForTeam(cast.pia, id, 'Research');
		expect((await refusal(lookForTeam(cast.eli, id, ''))).field).toBe('skills');
		const free = await freeAgentsOf(id);
		expect(free.map((f) => [f.name, f.skills])).toEqual([
			['Erin Engineer', ['Go', 'SQL']],
			['Pia Product', ['Research']]
		]);
		expect(free[0].departmentName).toBe('Engineering');
		const team = await createTeam(cast.sam, id, { name: 'Hiring' });
		await answerInvite(cast.erin, id, await inviteToTeam(cast.sam, id, team, cast.erin), true);
		expect((await freeAgentsOf(id)).map((f) => f.name)).toEqual(['Pia Product']);
		expect((await refusal(lookForTeam(cast.erin, id, 'More Go'))).message).toBe(
			'You are already in a team.'
		);
	});
});

describe('the cross-functional checklist', () => {
	const rule = {
		minDepartments: 3,
		requiredDepartmentKind: 'support' as const,
		teamSizeMin: 2,
		teamSizeMax: 5
	};
	const place = (id: number, name: string, kind: 'support' | 'product' | 'engineering') => ({
		departmentId: id,
		departmentName: name,
		departmentKind: kind
	});

	it('ticks each department as people from it join', () => {
		const engineer = place(3, 'Engineering', 'engineering');
		expect(crossFunctionalChecklist(rule, [engineer])).toEqual([
			{ label: '3 departments (1 so far)', met: false },
			{ label: 'Someone from Support', met: false },
			{ label: 'At least 2 people', met: false }
		]);
		const two = [engineer, engineer, place(1, 'Support', 'support')];
		expect(crossFunctionalChecklist(rule, two).map((i) => i.met)).toEqual([false, true, true]);
		expect(meetsRule(rule, two)).toBe(false);
		const three = [...two, place(2, 'Product', 'product')];
		expect(crossFunctionalChecklist(rule, three)[0]).toEqual({
			label: '3 departments (3 so far)',
			met: true
		});
		expect(meetsRule(rule, three)).toBe(true);
		// Someone without a department counts as a person, not a department.
		const loose = { departmentId: null, departmentName: null, departmentKind: null };
		expect(crossFunctionalChecklist(rule, [loose, engineer])[0].label).toBe(
			'3 departments (1 so far)'
		);
	});

	it('is what the team card shows from the stored members', async () => {
		const id = await openHackathon(cast.admin, { minDepartments: 3 });
		const team = await createTeam(cast.sam, id, { name: 'Checklist' });
		await answerInvite(cast.erin, id, await inviteToTeam(cast.sam, id, team, cast.erin), true);
		const [card] = await teamsOf(id);
		const items = crossFunctionalChecklist(
			{ minDepartments: 3, requiredDepartmentKind: 'support', teamSizeMin: 2, teamSizeMax: 4 },
			card.members
		);
		expect(items[0]).toEqual({ label: '3 departments (2 so far)', met: false });
		await answerInvite(cast.pia, id, await inviteToTeam(cast.sam, id, team, cast.pia), true);
		const [full] = await teamsOf(id);
		expect(full.members.map((m) => m.departmentName).sort()).toEqual([
			'Engineering',
			'Product',
			'Support'
		]);
	});
});
