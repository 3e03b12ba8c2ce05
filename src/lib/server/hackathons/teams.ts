// Teams: create one (its captain is its first member), leave, and hand over captaincy.
// Joining is in ./invitations; what every team change shares is in ./team-membership.
import { and, eq, ne } from 'drizzle-orm';
import { departmentsCovered } from '$lib/hackathons/checklist';
import { teamSchema } from '$lib/hackathons/schemas';
import type { z } from 'zod';
import { ServiceError, parseOrRefuse } from '../errors';
import { notify } from '../notifications';
import { withEvents } from '../realtime';
import { hackathonRoom, recordHackathonEvent } from './events';
import { membersWithPlace } from './members';
import { hackathonIdea, hackathonMember, hackathonTeam } from './schema';
import {
	addMember,
	isUniqueViolation,
	openFor,
	sizeOf,
	teamById,
	teamHref,
	teamIdOf,
	type Team
} from './team-membership';

export { teamHref } from './team-membership';

export type NewTeam = z.input<typeof teamSchema>;

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
