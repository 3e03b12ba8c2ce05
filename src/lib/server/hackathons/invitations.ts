// Joining a team: someone asks and the captain answers, or the captain invites and the
// invitee answers. An accepted answer adds the member through ./team-membership, whose
// lock on the team's row keeps its size limit under concurrent joins.
import { and, eq } from 'drizzle-orm';
import { ServiceError } from '../errors';
import { notify } from '../notifications';
import { withEvents } from '../realtime';
import { hackathonRoom, recordHackathonEvent } from './events';
import { hackathonTeamInvite } from './schema';
import {
	addMember,
	nameOf,
	openFor,
	sizeOf,
	teamById,
	teamHref,
	teamIdOf
} from './team-membership';

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
