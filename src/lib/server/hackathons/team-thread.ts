// A team page's comment thread, through the comments capability: everyone signed in may
// read and write it; the team's members hear of new comments; events go to the
// hackathon's room, so team pages and the board follow it live.
import { eq } from 'drizzle-orm';
import { addCommentIn, deleteCommentIn, editCommentIn } from '../comments';
import type { Transaction } from '../db/client';
import { withEvents } from '../realtime';
import { hackathonRoom } from './events';
import { hackathonMember } from './schema';
import { teamOfHackathon } from './submissions';
import { teamHref } from './team-membership';

/** The subject a team's thread is kept under. */
export function teamSubject(teamId: number) {
	return { kind: 'hackathon_team', id: teamId };
}

async function teamThread(tx: Transaction, hackathonId: number, teamId: number) {
	const team = await teamOfHackathon(tx, hackathonId, teamId);
	return {
		team,
		subject: teamSubject(team.id),
		owner: {
			room: hackathonRoom(hackathonId),
			about: { teamId: team.id },
			title: `team ${team.name}`,
			href: teamHref(team)
		}
	};
}

/** A comment on a team's page; the team's members are told. */
export async function commentOnTeam(
	actorId: number,
	hackathonId: number,
	teamId: number,
	body: string
) {
	return withEvents(async (tx, record) => {
		const { team, subject, owner } = await teamThread(tx, hackathonId, teamId);
		const members = await tx
			.select({ personId: hackathonMember.personId })
			.from(hackathonMember)
			.where(eq(hackathonMember.teamId, teamId));
		const added = await addCommentIn(tx, record, actorId, subject, body, {
			...owner,
			participants: {
				personIds: members.map((m) => m.personId),
				kind: 'hackathon.comment',
				text: `New comment on ${team.name}’s page.`
			}
		});
		return added.id;
	});
}

/** The author corrects their comment (within 15 minutes). */
export async function editTeamComment(
	actorId: number,
	hackathonId: number,
	teamId: number,
	commentId: number,
	body: string
) {
	await withEvents(async (tx, record) => {
		const { subject, owner } = await teamThread(tx, hackathonId, teamId);
		await editCommentIn(tx, record, actorId, subject, commentId, body, owner);
	});
}

/** The author (within 15 minutes) or an admin deletes a comment. */
export async function deleteTeamComment(
	actorId: number,
	hackathonId: number,
	teamId: number,
	commentId: number
) {
	await withEvents(async (tx, record) => {
		const { subject, owner } = await teamThread(tx, hackathonId, teamId);
		await deleteCommentIn(tx, record, actorId, subject, commentId, owner);
	});
}
