// The bug bash's rooms: one per bash (`bugbash:<id>`, the board and its bug pages) and
// the list of bashes (`bugbashes`), and the events each carries.
import { eq } from 'drizzle-orm';
import type { BoardBug, BugStatus } from '$lib/bugbash/board';
import { parseId } from '$lib/ids';
import type { Severity } from '$lib/report';
import { useDb } from '../db/client';
import type { CommentEvents } from '../comments';
import type { RoomPolicy } from '../realtime';
import { bugBash } from './schema';

/** The room of one bash: its board, bug pages, TV mode and summary listen here. */
export function bashRoom(bashId: number): BashRoom {
	return `bugbash:${bashId}`;
}
export type BashRoom = `bugbash:${number}`;

/** The list of bashes listens here. */
export const BUGBASHES_ROOM = 'bugbashes';

/** A bash went live or ended, by an organiser or on time (the clock). */
export interface BashMoved {
	bashId: number;
	onTime: boolean;
}

/**
 * A newly logged bug as the board shows it, with the report's fields (dates travel as
 * ISO strings).
 */
export interface LoggedBug extends Omit<BoardBug, 'createdAt' | 'escalationId'> {
	bashId: number;
	steps: string;
	expected: string;
	actual: string;
	environment: string;
	notABugReason: string | null;
	escalationId: null;
	createdAt: string;
	updatedAt: string;
}

/** A triage decision (or its undo): the bug's new status and what came with it. */
export type TriageChange =
	| { status: 'accepted'; severity: Severity; points: number; firstBonus: boolean }
	| { status: 'duplicate'; duplicateOfId: number; points: number }
	| { status: 'not_a_bug'; reason: string; points: number }
	| { status: 'new'; severity: Severity; undone: Exclude<BugStatus, 'new' | 'escalated'> };

/** Every bug bash event by name, with its payload. */
export interface BugbashEvents {
	'bash.created': { bashId: number; title: string };
	'bash.started': BashMoved;
	'bash.ended': BashMoved;
	'bash.joined': { personId: number };
	'bash.organiser_added': { personId: number; name: string };
	/** An admin approved or declined a bash whose scoring was above the workspace's caps. */
	'bash.approval': { bashId: number; approval: 'approved' | 'declined' };
	'bug.logged': LoggedBug;
	'bug.triaged': { bugId: number } & TriageChange;
	/** The reporter corrected a bug before triage: what the board card shows of it. */
	'bug.edited': Pick<BoardBug, 'title' | 'area' | 'severity' | 'attachments'> & { bugId: number };
	'bug.escalated': { bugId: number; escalationId: number };
	'bug.confirmed': { bugId: number; personId: number };
}

/** Which events each bug bash room carries. */
export interface BugbashRooms {
	[room: BashRoom]: Omit<BugbashEvents, 'bash.created'> & CommentEvents;
	[BUGBASHES_ROOM]: Pick<
		BugbashEvents,
		'bash.created' | 'bash.started' | 'bash.ended' | 'bash.approval'
	>;
}

/** Anyone signed in may watch a bash that exists; the list room is open to everyone. */
export const bugbashRooms: Record<string, RoomPolicy> = {
	bugbash: {
		canJoin: async (_person, id) => {
			const bashId = parseId(id);
			if (!bashId) return false;
			const [row] = await useDb()
				.select({ id: bugBash.id })
				.from(bugBash)
				.where(eq(bugBash.id, bashId));
			return Boolean(row);
		},
		// The board shows who is bashing now.
		presence: true
	},
	[BUGBASHES_ROOM]: { canJoin: (_person, id) => id === null }
};
