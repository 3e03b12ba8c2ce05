// The demos' rooms: one per demo (`demo:<id>`: its live page and replay) and the list
// (`demos`), with who may join and the events they carry.
import { eq } from 'drizzle-orm';
import { parseId } from '$lib/ids';
import type { LogComment } from '$lib/demos/schemas';
import type { ReactedPayload } from '$lib/reactions/kinds';
import { useDb } from '../db/client';
import type { RoomPolicy } from '../realtime';
import { demo } from './schema';

/** The room of one demo: its live page and its replay listen here. */
export type DemoRoom = `demo:${number}`;
export function demoRoom(demoId: number): DemoRoom {
	return `demo:${demoId}`;
}

/** The list of demos listens here. */
export const DEMOS_ROOM = 'demos';

/** Every event a demo room (or the list room) carries: its type → its payload. */
export interface DemoEvents {
	'demo.scheduled': { demoId: number; title: string };
	'demo.changed': { demoId: number };
	/** A presenter pressed Go live: every clock counts from `wentLiveAt`. */
	'demo.live': { demoId: number; wentLiveAt: string };
	'demo.ended': { demoId: number; endedAt: string };
	/** A comment or question in the log, stamped on the server (sent in frames). */
	'demo.comment': { demoId: number; comment: LogComment };
	/** A question's votes or a presenter's mark changed. */
	'demo.question': {
		demoId: number;
		commentId: number;
		votes: number;
		answered: boolean;
		pinned: boolean;
		helpful: boolean;
	};
	'demo.chapter': { demoId: number; chapterId: number; title: string; offsetMs: number };
	/** Reactions at a moment (a ten-second slice of the session) changed. */
	'demo.reacted': { demoId: number; slice: number } & ReactedPayload;
	'demo.attended': { demoId: number; personId: number; name: string };
	'demo.escalated': { demoId: number; commentId: number; escalationId: number };
	/** A comment became a feature request or a bug in a running bash (`href` is its page). */
	'demo.filed': { demoId: number; commentId: number; kind: 'request' | 'bug'; href: string };
}
export type DemoEventType = keyof DemoEvents;

/** Which events each demo room carries (the list room hears the lifecycle). */
export interface DemoRooms {
	[room: DemoRoom]: DemoEvents;
	[DEMOS_ROOM]: Pick<DemoEvents, 'demo.scheduled' | 'demo.changed' | 'demo.live' | 'demo.ended'>;
}

/** Anyone signed in may watch a demo that exists; the list room is open to everyone. */
export const demoRooms: Record<string, RoomPolicy> = {
	demo: {
		canJoin: async (_person, id) => {
			const demoId = parseId(id);
			if (!demoId) return false;
			const [row] = await useDb().select({ id: demo.id }).from(demo).where(eq(demo.id, demoId));
			return Boolean(row);
		}
	},
	[DEMOS_ROOM]: { canJoin: (_person, id) => id === null }
};
