import { and, asc, eq, gt, lt, sql } from 'drizzle-orm';
import type { RoomEvent } from '$lib/realtime/contract';
import { rowsOf, useDb, type Executor, type Transaction } from '../db/client';
import { preparedPerDatabase } from '../db/prepared';
import { roomEvent, roomSeq } from './schema';
import { getIo } from './io';

type Row = typeof roomEvent.$inferSelect;

function toEvent(row: Row): RoomEvent {
	return {
		room: row.room,
		seq: row.seq,
		type: row.type,
		payload: row.payload,
		at: row.at.toISOString(),
		actorId: row.actorId
	};
}

/**
 * Appends an event to a room's durable log inside the caller's transaction. The room's
 * next seq is taken by bumping its counter row, which also orders concurrent writers;
 * one statement, because the counter row stays locked until the commit.
 */
export async function appendEvent(
	tx: Executor,
	room: string,
	type: string,
	payload: unknown,
	actorId: number | null = null
): Promise<RoomEvent> {
	const [row] = await rowsOf<{ seq: number | string; at: Date | string }>(
		tx,
		sql`with next as (
			insert into ${roomSeq} (room, seq) values (${room}, 1)
			on conflict (room) do update set seq = ${roomSeq}.seq + 1
			returning seq
		)
		insert into ${roomEvent} (room, seq, type, payload, actor_id)
		select ${room}, next.seq, ${type}, ${JSON.stringify(payload ?? {})}::jsonb, ${actorId} from next
		returning seq, at`
	);
	return {
		room,
		seq: Number(row.seq),
		type,
		payload: payload ?? {},
		at: new Date(row.at).toISOString(),
		actorId
	};
}

export type RecordEvent = (
	room: string,
	type: string,
	payload: unknown,
	actorId?: number | null
) => Promise<RoomEvent>;

/**
 * Runs `work` in one transaction; the events it records are stored with its writes and
 * broadcast only after the commit, so nobody sees a change that was rolled back.
 */
export async function withEvents<T>(
	work: (tx: Transaction, record: RecordEvent) => Promise<T>,
	options: { afterCommit?: (events: RoomEvent[]) => void } = {}
): Promise<T> {
	const pending: RoomEvent[] = [];
	const result = await useDb().transaction((tx) =>
		work(tx, async (room, type, payload, actorId = null) => {
			const event = await appendEvent(tx, room, type, payload, actorId);
			pending.push(event);
			return event;
		})
	);
	options.afterCommit?.(pending);
	publish(pending);
	return result;
}

/** Broadcasts committed events to their rooms (on every node, through the adapter). */
export function publish(events: RoomEvent[]): void {
	const io = getIo();
	if (!io) return;
	for (const event of events) io.to(event.room).emit('room:event', event);
}

/** The room's latest seq (0 when it has none). */
export async function latestSeq(room: string): Promise<number> {
	const [row] = await seqOfRoom().execute({ room });
	return row?.seq ?? 0;
}

/** The room's latest seq as a subquery, for a read that wants it in the same statement. */
export function latestSeqSql(room: string) {
	return sql<
		number | null
	>`(select ${roomSeq.seq} from ${roomSeq} where ${roomSeq.room} = ${room})`;
}

/** Pages and their live updates ask this on every load. */
const seqOfRoom = preparedPerDatabase((db) =>
	db
		.select({ seq: roomSeq.seq })
		.from(roomSeq)
		.where(eq(roomSeq.room, sql.placeholder('room')))
		.prepare('room_latest_seq')
);

/**
 * The events after `after`, oldest first, up to `limit`. `complete` is false when pruning
 * removed events the caller missed: it must reload its data instead.
 */
export async function eventsAfter(
	room: string,
	after: number,
	limit = 5_000
): Promise<{ events: RoomEvent[]; complete: boolean; latestSeq: number }> {
	const latest = await latestSeq(room);
	if (after >= latest) return { events: [], complete: true, latestSeq: latest };
	const rows = await useDb()
		.select()
		.from(roomEvent)
		.where(and(eq(roomEvent.room, room), gt(roomEvent.seq, after)))
		.orderBy(asc(roomEvent.seq))
		.limit(limit);
	const reachesBack = rows.length > 0 && rows[0].seq === after + 1;
	const reachesLatest = rows.length > 0 && rows[rows.length - 1].seq === latest;
	return { events: rows.map(toEvent), complete: reachesBack && reachesLatest, latestSeq: latest };
}

/** Drops events older than `maxAgeDays`, and beyond the newest `maxPerRoom` of each room. */
export async function pruneEvents(maxAgeDays = 30, maxPerRoom = 10_000): Promise<number> {
	const db = useDb();
	const old = await db
		.delete(roomEvent)
		.where(lt(roomEvent.at, new Date(Date.now() - maxAgeDays * 86_400_000)))
		.returning({ seq: roomEvent.seq });
	const excess = await db
		.delete(roomEvent)
		.where(
			sql`(${roomEvent.room}, ${roomEvent.seq}) in (
				select e.room, e.seq from ${roomEvent} e join ${roomSeq} s on s.room = e.room
				where e.seq <= s.seq - ${maxPerRoom})`
		)
		.returning({ seq: roomEvent.seq });
	return old.length + excess.length;
}
