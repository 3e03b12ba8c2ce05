// Teams: create, ask to join (the captain answers), invite (the invitee answers), leave,
// hand over captaincy, and an organiser's exception to the cross-functional rule. A join
// locks the team's row, so its size limit holds however many joins race for the last
// place; the (hackathon, person) key keeps everyone to one team per hackathon.
import { and, count, eq, ne } from 'drizzle-orm';
import { departmentsCovered } from '$lib/hackathons/checklist';
import { teamSchema } from '$lib/hackathons/schemas';
import type { z } from 'zod';
import type { Transaction } from '../db/client';
import { ServiceError, parseOrRefuse } from '../errors';
import { notify } from '../notifications';
import { person } from '../org';
import { withEvents, type RecordEvent } from '../realtime';
import { hackathonRoom, recordHackathonEvent } from './events';
import { membersWithPlace } from './members';
import { teamsProblem } from './rules';
import {
	hackathonFreeAgent,
	hackathonIdea,
	hackathonMember,
	hackathonTeam,
	hackathonTeamInvite
} from './schema';
import { findHackathon } from './service';

type Team = typeof hackathonTeam.$inferSelect;
export type NewTeam = z.input<typeof teamSchema>;

/** The path of a team's page. */
export function teamHref(team: { id: number; hackathonId: number }): string {
	return `/hackathons/${team.hackathonId}/teams/${team.id}`;
}

/**
 * The team of this hackathon (a team of another one is "not found", so a URL cannot act
 * across hackathons), locked for this transaction when `lock` (joins wait for each other).
 */
async function teamById(
	tx: Transaction,
	hackathonId: number,
	teamId: number,
	lock = false
): Promise<Team> {
	const query = tx
		.select()
		.from(hackathonTeam)
		.where(and(eq(hackathonTeam.id, teamId), eq(hackathonTeam.hackathonId, hackathonId)));
	const [row] = lock ? await query.for('update') : await query;
	if (!row) throw new ServiceError('That team does not exist.');
	return row;
}

/** The hackathon of a team change, refused outside the phases teams may change in. */
async function openFor(tx: Transaction, hackathonId: number) {
	const row = await findHackathon(hackathonId, tx);
	const problem = teamsProblem(row.phase);
	if (problem) throw new ServiceError(problem);
	return row;
}

async function teamIdOf(tx: Transaction, hackathonId: number, personId: number) {
	const [row] = await tx
		.select({ teamId: hackathonMember.teamId })
		.from(hackathonMember)
		.where(
			and(eq(hackathonMember.hackathonId, hackathonId), eq(hackathonMember.personId, personId))
		);
	return row?.teamId ?? null;
}

async function sizeOf(tx: Transaction, teamId: number): Promise<number> {
	const [row] = await tx
		.select({ n: count() })
		.from(hackathonMember)
		.where(eq(hackathonMember.teamId, teamId));
	return Number(row.n);
}

async function nameOf(tx: Transaction, personId: number) {
	const [row] = await tx
		.select({ name: person.name, active: person.active })
		.from(person)
		.where(eq(person.id, personId));
	return row;
}

function isUniqueViolation(err: unknown): boolean {
	for (let e = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
		if ((e as { code?: unknown }).code === '23505') return true;
	}
	return false;
}

/**
 * Puts `personId` in the (locked) team: refused when it is full or they already have a
 * team. They stop looking for a team and their other pending asks are withdrawn.
 */
async function addMember(
	tx: Transaction,
	record: RecordEvent,
	team: Team,
	limit: number,
	personId: number,
	actorId: number
) {
	if ((await sizeOf(tx, team.id)) >= limit) throw new ServiceError('That team is full.');
	if (await teamIdOf(tx, team.hackathonId, personId)) {
		throw new ServiceError('They are already in a team in this hackathon.');
	}
	try {
		await tx.transaction((sp) =>
			sp
				.insert(hackathonMember)
				.values({ hackathonId: team.hackathonId, teamId: team.id, personId })
		);
	} catch (err) {
		if (isUniqueViolation(err))
			throw new ServiceError('They are already in a team in this hackathon.');
		throw err;
	}
	await settleElsewhere(tx, team.hackathonId, personId);
	const departments = departmentsCovered(await membersWithPlace(tx, team.hackathonId, team.id));
	await recordHackathonEvent(
		record,
		hackathonRoom(team.hackathonId),
		'team.joined',
		{ teamId: team.id, personId, departments },
		actorId
	);
}

/** Someone now in a team is no longer free, and their other pending asks lapse. */
async function settleElsewhere(tx: Transaction, hackathonId: number, personId: number) {
	await tx
		.delete(hackathonFreeAgent)
		.where(
			and(
				eq(hackathonFreeAgent.hackathonId, hackathonId),
				eq(hackathonFreeAgent.personId, personId)
			)
		);
	await tx
		.update(hackathonTeamInvite)
		.set({ state: 'withdrawn', decidedAt: new Date() })
		.where(
			and(
				eq(hackathonTeamInvite.hackathonId, hackathonId),
				eq(hackathonTeamInvite.personId, personId),
				eq(hackathonTeamInvite.state, 'pending')
			)
		);
}

/** Anyone without a team creates one (with an idea from the board, optionally) and captains it. */
export async function createTeam(actorId: number, hackathonId: number, input: NewTeam) {
	const data = parseOrRefuse(teamSchema, input);
	return withEvents(async (tx, record) => {
		const row = await openFor(tx, hackathonId);
		if (await teamIdOf(tx, hackathonId, actorId)) {
			throw new ServiceError('You are already in a team in this hackathon.');
		}
		const ideaId = data.ideaId || null;
		if (ideaId) {
			const [idea] = await tx
				.select({ id: hackathonIdea.id })
				.from(hackathonIdea)
				.where(and(eq(hackathonIdea.id, ideaId), eq(hackathonIdea.hackathonId, hackathonId)));
			if (!idea) throw new ServiceError('Choose an idea from this hackathon’s board.', 'ideaId');
		}
		let team: Team;
		try {
			[team] = await tx.transaction((sp) =>
				sp
					.insert(hackathonTeam)
					.values({ hackathonId, name: data.name, ideaId, captainId: actorId })
					.returning()
			);
		} catch (err) {
			if (isUniqueViolation(err)) throw new ServiceError('A team with that name exists.', 'name');
			throw err;
		}
		await recordHackathonEvent(
			record,
			hackathonRoom(hackathonId),
			'team.created',
			{ teamId: team.id, name: team.name, captainId: actorId },
			actorId
		);
		await addMember(tx, record, team, row.teamSizeMax, actorId, actorId);
		return team.id;
	});
}

/** Asks to join a team; the captain is told and answers. */
export async function requestToJoin(
	actorId: number,
	hackathonId: number,
	teamId: number,
	message = ''
) {
	return withEvents(async (tx, record) => {
		const team = await teamById(tx, hackathonId, teamId);
		const row = await openFor(tx, team.hackathonId);
		if (await teamIdOf(tx, team.hackathonId, actorId)) {
			throw new ServiceError('You are already in a team in this hackathon.');
		}
		if ((await sizeOf(tx, teamId)) >= row.teamSizeMax) throw new ServiceError('That team is full.');
		const [invite] = await tx
			.insert(hackathonTeamInvite)
			.values({
				hackathonId: team.hackathonId,
				teamId,
				personId: actorId,
				kind: 'request',
				askedById: actorId,
				message: message.trim().slice(0, 500)
			})
			.onConflictDoNothing()
			.returning({ id: hackathonTeamInvite.id });
		if (!invite) throw new ServiceError('You already asked to join this team.');
		const requester = await nameOf(tx, actorId);
		await recordHackathonEvent(
			record,
			hackathonRoom(team.hackathonId),
			'team.requested',
			{ teamId, personId: actorId, inviteId: invite.id },
			actorId
		);
		await notify(
			tx,
			record,
			[team.captainId],
			{
				kind: 'hackathon.join_request',
				text: `${requester.name} asks to join ${team.name}.`,
				href: teamHref(team)
			},
			actorId
		);
		return invite.id;
	});
}

/** The captain invites a colleague without a team; they are told and answer. */
export async function inviteToTeam(
	actorId: number,
	hackathonId: number,
	teamId: number,
	personId: number
) {
	return withEvents(async (tx, record) => {
		const team = await teamById(tx, hackathonId, teamId);
		if (team.captainId !== actorId) throw new ServiceError('Only the captain can invite people.');
		const row = await openFor(tx, team.hackathonId);
		const invitee = await nameOf(tx, personId);
		if (!invitee?.active) throw new ServiceError('Choose an active colleague.', 'personId');
		if (await teamIdOf(tx, team.hackathonId, personId)) {
			throw new ServiceError(`${invitee.name} is already in a team.`, 'personId');
		}
		if ((await sizeOf(tx, teamId)) >= row.teamSizeMax) throw new ServiceError('The team is full.');
		const [invite] = await tx
			.insert(hackathonTeamInvite)
			.values({
				hackathonId: team.hackathonId,
				teamId,
				personId,
				kind: 'invitation',
				askedById: actorId
			})
			.onConflictDoNothing()
			.returning({ id: hackathonTeamInvite.id });
		if (!invite)
			throw new ServiceError(
				`${invitee.name} already has a pending invitation or request.`,
				'personId'
			);
		await recordHackathonEvent(
			record,
			hackathonRoom(team.hackathonId),
			'team.invited',
			{ teamId, personId, inviteId: invite.id },
			actorId
		);
		await notify(
			tx,
			record,
			[personId],
			{
				kind: 'hackathon.invitation',
				text: `You are invited to join ${team.name} in ${row.title}.`,
				href: teamHref(team)
			},
			actorId
		);
		return invite.id;
	});
}

/**
 * Accepts or declines a pending ask: a join request is the captain's to answer, an
 * invitation the invitee's. An accepted one joins the team (if there is still room).
 */
export async function answerInvite(
	actorId: number,
	hackathonId: number,
	inviteId: number,
	accept: boolean
) {
	await withEvents(async (tx, record) => {
		const [invite] = await tx
			.select()
			.from(hackathonTeamInvite)
			.where(
				and(eq(hackathonTeamInvite.id, inviteId), eq(hackathonTeamInvite.hackathonId, hackathonId))
			)
			.for('update');
		if (!invite) throw new ServiceError('That request does not exist.');
		const team = await teamById(tx, hackathonId, invite.teamId, accept);
		const answerer = invite.kind === 'request' ? team.captainId : invite.personId;
		if (answerer !== actorId) {
			throw new ServiceError(
				invite.kind === 'request'
					? 'Only the captain can answer join requests.'
					: 'Only the person invited can answer an invitation.'
			);
		}
		if (invite.state !== 'pending') throw new ServiceError('That was already answered.');
		const row = await openFor(tx, team.hackathonId);
		if (accept) await addMember(tx, record, team, row.teamSizeMax, invite.personId, actorId);
		const state = accept ? 'accepted' : 'declined';
		await tx
			.update(hackathonTeamInvite)
			.set({ state, decidedAt: new Date() })
			.where(eq(hackathonTeamInvite.id, inviteId));
		await recordHackathonEvent(
			record,
			hackathonRoom(team.hackathonId),
			'team.invite_answered',
			{ teamId: team.id, personId: invite.personId, inviteId, state },
			actorId
		);
		const asker = invite.kind === 'request' ? invite.personId : team.captainId;
		const who = (await nameOf(tx, actorId)).name;
		const what = invite.kind === 'request' ? 'your request to join' : 'the invitation to';
		await notify(
			tx,
			record,
			[asker],
			{
				kind: 'hackathon.answer',
				text: `${who} ${state} ${what} ${team.name}.`,
				href: teamHref(team)
			},
			actorId
		);
	});
}

/** Leaves the team; a captain hands over first, unless they are the last one (the team ends). */
export async function leaveTeam(actorId: number, hackathonId: number, teamId: number) {
	await withEvents(async (tx, record) => {
		const team = await teamById(tx, hackathonId, teamId, true);
		await openFor(tx, team.hackathonId);
		if ((await teamIdOf(tx, team.hackathonId, actorId)) !== teamId) {
			throw new ServiceError('You are not in this team.');
		}
		const room = hackathonRoom(team.hackathonId);
		if (team.captainId === actorId) {
			if ((await sizeOf(tx, teamId)) > 1) {
				throw new ServiceError('Hand over captaincy before you leave.');
			}
			await tx.delete(hackathonTeam).where(eq(hackathonTeam.id, teamId));
			await recordHackathonEvent(record, room, 'team.disbanded', { teamId }, actorId);
			return;
		}
		await tx
			.delete(hackathonMember)
			.where(and(eq(hackathonMember.teamId, teamId), eq(hackathonMember.personId, actorId)));
		const departments = departmentsCovered(await membersWithPlace(tx, team.hackathonId, teamId));
		await recordHackathonEvent(
			record,
			room,
			'team.left',
			{ teamId, personId: actorId, departments },
			actorId
		);
	});
}

/** The captain hands captaincy to another member, who is told. */
export async function handOverCaptaincy(
	actorId: number,
	hackathonId: number,
	teamId: number,
	personId: number
) {
	await withEvents(async (tx, record) => {
		const team = await teamById(tx, hackathonId, teamId, true);
		if (team.captainId !== actorId)
			throw new ServiceError('Only the captain can hand over captaincy.');
		await openFor(tx, team.hackathonId);
		if (personId === actorId || (await teamIdOf(tx, team.hackathonId, personId)) !== teamId) {
			throw new ServiceError('Choose another member of the team.', 'personId');
		}
		await tx
			.update(hackathonTeam)
			.set({ captainId: personId })
			.where(and(eq(hackathonTeam.id, teamId), ne(hackathonTeam.captainId, personId)));
		await recordHackathonEvent(
			record,
			hackathonRoom(team.hackathonId),
			'team.captain',
			{ teamId, captainId: personId },
			actorId
		);
		await notify(
			tx,
			record,
			[personId],
			{
				kind: 'hackathon.team',
				text: `You are now the captain of ${team.name}.`,
				href: teamHref(team)
			},
			actorId
		);
	});
}
