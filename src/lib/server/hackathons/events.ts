// The hackathons' rooms: one per hackathon (`hackathon:<id>`: its page, team pages and
// board) and the list (`hackathons`), with who may join and what events they carry.
import { eq } from 'drizzle-orm';
import { parseId } from '$lib/ids';
import type { Phase, PhaseTime } from '$lib/hackathons/schemas';
import { useDb } from '../db/client';
import type { CommentEvents } from '../comments';
import type { RecordEvent, RoomPolicy } from '../realtime';
import { hackathon, type RevealStep } from './schema';

/** The room of one hackathon: its page and every team page listen here. */
export type HackathonRoom = `hackathon:${number}`;
export function hackathonRoom(hackathonId: number): HackathonRoom {
	return `hackathon:${hackathonId}`;
}

/** The list of hackathons listens here. */
export const HACKATHONS_ROOM = 'hackathons';

/** Every event a hackathon room (or the list room) carries: its type → its payload. */
export interface HackathonEvents {
	'hackathon.created': { hackathonId: number; title: string };
	/** A phase began, on its time (`onTime`) or because an organiser advanced it. */
	'hackathon.phase': {
		hackathonId: number;
		phase: Phase;
		onTime: boolean;
		flaggedTeams?: number[];
	};
	/** An organiser moved a phase time; every countdown shows the new one. */
	'hackathon.rescheduled': { hackathonId: number; which: PhaseTime; at: string };
	'hackathon.organiser_added': { personId: number; name: string };
	'idea.posted': { ideaId: number; title: string; authorId: number };
	'free_agent.changed': { personId: number; looking: boolean };
	'team.created': { teamId: number; name: string; captainId: number };
	'team.requested': { teamId: number; personId: number; inviteId: number };
	'team.invited': { teamId: number; personId: number; inviteId: number };
	'team.invite_answered': {
		teamId: number;
		personId: number;
		inviteId: number;
		state: 'accepted' | 'declined' | 'withdrawn';
	};
	'team.joined': { teamId: number; personId: number; departments: string[] };
	'team.left': { teamId: number; personId: number; departments: string[] };
	'team.captain': { teamId: number; captainId: number };
	'team.disbanded': { teamId: number };
	'team.exception': { teamId: number; byId: number; reason: string };
	'submission.saved': { teamId: number; submissionId: number; version: number };
	'judge.added': { personId: number };
	'judge.removed': { personId: number };
	'conflict.declared': { judgeId: number; teamId: number };
	/** The rubric assignment changed; judges reload their lists. */
	'judging.assigned': { assignments: number };
	/** A judge saved scores (which scores is for organisers' pages to read, not the room). */
	'score.saved': { judgeId: number; submissionId: number };
	'pairwise.voted': { judgeId: number; votes: number };
	/** An organiser flagged a project to be shown first in pairwise judging, or unflagged it. */
	'submission.prioritised': { submissionId: number; prioritised: boolean };
	/** Someone changed their people's choice votes: counts stay hidden until the reveal. */
	'peoples_choice.voted': { personId: number };
	/** Organisers changed the final ranking's weights. */
	'ranking.weights': { rubric: number; pairwise: number; peoplesChoice: number };
	/**
	 * The results are out: every open big screen plays the steps from now, one every
	 * `stepMs`, so all of them show the same winner at the same moment.
	 */
	'results.revealed': { steps: RevealStep[]; stepMs: number };
}
export type HackathonEventType = keyof HackathonEvents;

/** Which events each hackathon room carries (the list room hears lifecycle changes). */
export interface HackathonRooms {
	[room: HackathonRoom]: HackathonEvents & CommentEvents;
	[HACKATHONS_ROOM]: HackathonEvents;
}

/** `record` with the payload checked against the event's declared shape. */
export function recordHackathonEvent<T extends HackathonEventType>(
	record: RecordEvent,
	room: HackathonRoom | typeof HACKATHONS_ROOM,
	type: T,
	payload: HackathonEvents[T],
	actorId: number | null = null
) {
	return record(room, type, payload, actorId);
}

/** Anyone signed in may watch a hackathon that exists; the list room is open to everyone. */
export const hackathonRooms: Record<string, RoomPolicy> = {
	hackathon: {
		canJoin: async (_person, id) => {
			const hackathonId = parseId(id);
			if (!hackathonId) return false;
			const [row] = await useDb()
				.select({ id: hackathon.id })
				.from(hackathon)
				.where(eq(hackathon.id, hackathonId));
			return Boolean(row);
		}
	},
	[HACKATHONS_ROOM]: { canJoin: (_person, id) => id === null }
};
