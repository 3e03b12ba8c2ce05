import { and, eq, lt, sql, type Placeholder } from 'drizzle-orm';
import type {
	EventTypeIn,
	JoinResult,
	RoomEvent,
	RoomEventOf,
	RoomName,
	Rooms
} from '$lib/realtime/contract';
import { rowsOf, useDb, type Executor, type Transaction } from '../db/client';
import { batchedLookup } from '../db/batched';
import { fixedStatement, preparedPerDatabase } from '../db/prepared';
import { roomEvent, roomSeq } from './schema';
import { getIo } from './io';
import { liveLimits } from './limits';
import { publishFramed } from './frames';
import { metrics, moduleOfRoom } from '../metrics';

/** The payload a writer records for event `T` in room `R` (see `Rooms`). */
export type PayloadIn<R extends RoomName, T extends EventTypeIn<R>> = Rooms[R][T];

const appendStatement = fixedStatement<{ seq: number | string; at: Date | string }>(
	() => sql`with next as (
			insert into ${roomSeq} (room, seq) values (${sql.placeholder('room')}, 1)
			on conflict (room) do update set seq = ${roomSeq}.seq + 1
			returning seq
		)
		insert into ${roomEvent} (room, seq, type, payload, actor_id)
		select ${sql.placeholder('room')}, next.seq, ${sql.placeholder('type')},
			${sql.placeholder('payload')}::jsonb, ${sql.placeholder('actorId')}::int from next
		returning seq, at`
);

/**
 * Appends an event to a room's durable log inside the caller's transaction. The room's
 * next seq is taken by bumping its counter row, which also orders concurrent writers;
 * one statement, because the counter row stays locked until the commit. Only the types
 * the room declares, with their declared payloads, can be appended.
 */
export async function appendEvent<R extends RoomName, T extends EventTypeIn<R>>(
	tx: Executor,
	room: R,
	type: T,
	payload: PayloadIn<R, T>,
	actorId: number | null = null
): Promise<RoomEventOf<T>> {
	const [row] = await appendStatement(tx, {
		room,
		type,
		payload: JSON.stringify(payload ?? {}),
		actorId
	});
	metrics.eventsRecorded.inc({ module: moduleOfRoom(room) });
	return {
		room,
		seq: Number(row.seq),
		type,
		payload: (payload ?? {}) as RoomEventOf<T>['payload'],
		at: new Date(row.at).toISOString(),
		actorId
	};
}

/** One event of a batch: any room, type and payload the contract allows. */
export type EventToRecord = Pick<RoomEvent, 'room' | 'type' | 'payload'> & {
	actorId?: number | null;
};

/**
 * Appends a batch of events in one statement (a sweep's many rooms): each room's seqs are
 * handed out together, in the batch's order. Answers the events in the order given.
 */
export async function appendEvents(tx: Executor, batch: EventToRecord[]): Promise<RoomEvent[]> {
	if (batch.length === 0) return [];
	const wanted = batch.map((e, i) => ({
		i,
		room: e.room,
		type: e.type,
		payload: e.payload ?? {},
		actor_id: e.actorId ?? null
	}));
	const rows = await rowsOf<{ i: number; seq: number | string; at: Date | string }>(
		tx,
		sql`with wanted as (
			select * from jsonb_to_recordset(${JSON.stringify(wanted)}::jsonb)
				as w(i int, room text, type text, payload jsonb, actor_id int)),
		counts as (select room, count(*)::bigint as n from wanted group by room),
		seqs as (
			insert into ${roomSeq} (room, seq) select room, n from counts
			on conflict (room) do update set seq = ${roomSeq}.seq + excluded.seq
			returning room, seq),
		numbered as (
			select w.*, s.seq - c.n + row_number() over (partition by w.room order by w.i) as seq
			from wanted w join counts c on c.room = w.room join seqs s on s.room = w.room),
		stored as (
			insert into ${roomEvent} (room, seq, type, payload, actor_id)
			select room, seq, type, payload, actor_id from numbered
			returning room, seq, at)
		select n.i, n.seq, stored.at from numbered n
		join stored on stored.room = n.room and stored.seq = n.seq`
	);
	const events: RoomEvent[] = new Array(batch.length);
	for (const row of rows) {
		const e = batch[row.i];
		metrics.eventsRecorded.inc({ module: moduleOfRoom(e.room) });
		events[row.i] = {
			room: e.room,
			seq: Number(row.seq),
			type: e.type,
			payload: e.payload ?? {},
			at: new Date(row.at).toISOString(),
			actorId: e.actorId ?? null
		} as RoomEvent;
	}
	return events;
}

/** Records one event in the writing transaction: `record(bashRoom(7), 'bug.logged', card)`. */
export type RecordEvent = (<R extends RoomName, T extends EventTypeIn<R>>(
	room: R,
	type: T,
	payload: PayloadIn<R, T>,
	actorId?: number | null
) => Promise<RoomEventOf<T>>) & {
	/** Records a batch in one statement, when the recorder can. */
	many?: (batch: EventToRecord[]) => Promise<RoomEvent[]>;
};

/** A recorder for `tx` that collects what it recorded into `recorded` (broadcast after commit). */
export function recorderFor(tx: Executor, recorded: RoomEvent[]): RecordEvent {
	const record: RecordEvent = async (room, type, payload, actorId = null) => {
		const event = await appendEvent(tx, room, type, payload, actorId);
		recorded.push(event as RoomEvent);
		return event;
	};
	record.many = async (batch) => {
		const events = await appendEvents(tx, batch);
		recorded.push(...events);
		return events;
	};
	return record;
}

/** Records a batch with `record`: in one statement when it can, else one by one. */
export async function recordAll(record: RecordEvent, batch: EventToRecord[]): Promise<void> {
	if (batch.length === 0) return;
	if (record.many) {
		await record.many(batch);
		return;
	}
	for (const e of batch) {
		await (record as (r: string, t: string, p: unknown, a: number | null) => Promise<unknown>)(
			e.room,
			e.type,
			e.payload,
			e.actorId ?? null
		);
	}
}

/**
 * Runs `work` in one transaction; the events it records are stored with its writes and
 * broadcast only after the commit, so nobody sees a change that was rolled back.
 */
export async function withEvents<T>(
	work: (tx: Transaction, record: RecordEvent) => Promise<T>,
	options: { afterCommit?: (events: RoomEvent[]) => void; framed?: boolean } = {}
): Promise<T> {
	const pending: RoomEvent[] = [];
	const result = await useDb().transaction((tx) => work(tx, recorderFor(tx, pending)));
	options.afterCommit?.(pending);
	// A high-rate write (a comment in a company-wide demo) goes out in its room's next frame.
	if (options.framed) publishFramed(pending);
	else publish(pending);
	return result;
}

/** Broadcasts committed events to their rooms (on every node, through the adapter). */
export function publish(events: RoomEvent[]): void {
	const io = getIo();
	if (!io) return;
	for (const event of events) {
		io.to(event.room).emit('room:event', event);
		metrics.eventsBroadcast.inc({ module: moduleOfRoom(event.room) });
	}
}

/** The room's latest seq (0 when it has none). */
export async function latestSeq(room: RoomName): Promise<number> {
	const [seq] = await latestSeqs([room]);
	return seq;
}

/** Several rooms' latest seqs in one statement, in the order asked (0 for a room with none). */
export async function latestSeqs(rooms: readonly RoomName[]): Promise<number[]> {
	const rows = await seqsOfRooms().execute({ rooms: [...rooms] });
	const seqs = new Map(rows.map((row) => [row.room, row.seq]));
	return rooms.map((room) => seqs.get(room) ?? 0);
}

/** The room's latest seq as a subquery, for a read that wants it in the same statement. */
export function latestSeqSql(room: string | Placeholder) {
	return sql<
		number | null
	>`(select ${roomSeq.seq} from ${roomSeq} where ${roomSeq.room} = ${room})`;
}

/**
 * A stamp that changes whenever one of `rooms` records an event, and never comes back
 * after a rollback (it carries the writing transaction's id): a cache of what those rooms'
 * writers change checks it in one small read. It names the database too, so two databases
 * in one process never share a stamp.
 */
export async function roomsStamp(tx: Executor, rooms: string[]): Promise<string> {
	const [row] = await rowsOf<{ stamp: string | null }>(
		tx,
		sql`select current_database() || ':' || pg_postmaster_start_time()::text || ':' || coalesce(
			(select string_agg(room || '=' || seq || '@' || xmin::text, ',' order by room)
			from ${roomSeq} where room in ${rooms}), '') as stamp`
	);
	return row?.stamp ?? '';
}

/** Pages and their live updates ask this on every load. */
const seqsOfRooms = preparedPerDatabase((db) =>
	db
		.select({ room: roomSeq.room, seq: roomSeq.seq })
		.from(roomSeq)
		.where(sql`${roomSeq.room} = any(${sql.placeholder('rooms')}::text[])`)
		.prepare('rooms_latest_seqs')
);

interface BacklogRow {
	latest: number | string | null;
	seq: number | string | null;
	type: string | null;
	payload: unknown;
	at: Date | string | null;
	actorId: number | null;
}

/**
 * One page of the events after `after`, oldest first, with the room's latest seq, read in
 * one statement so both come from one snapshot: a commit in between can neither make a
 * complete answer look incomplete nor hand out a seq the page does not reach. Seqs are
 * taken under the room's counter lock, so they commit in order and a snapshot never holds
 * a later event without the earlier ones. `more` says another page follows; `complete`
 * is false only when pruning removed events the caller missed (it must reload its data).
 */
export async function eventsAfter(
	room: string,
	after: number,
	limit = liveLimits.pageSize
): Promise<JoinResult> {
	return (await sharedCatchUp(JSON.stringify([room, after, limit])))!;
}

/**
 * Catch-ups asked together for the same room, position and page share one read: a crowd
 * reconnecting after a restart asks the same room from the same seq, thousands of times.
 */
const sharedCatchUp = batchedLookup<string, JoinResult>(async (keys) => {
	const answers = await Promise.all(
		keys.map((key) => readEventsAfter(...(JSON.parse(key) as [string, number, number])))
	);
	return new Map(keys.map((key, i) => [key, answers[i]]));
});

async function readEventsAfter(room: string, after: number, limit: number): Promise<JoinResult> {
	const rows = await rowsOf<BacklogRow>(
		useDb(),
		sql`select s.seq as latest, e.seq, e.type, e.payload, e.at, e.actor_id as "actorId"
			from (select ${room}::text as room) wanted
			left join ${roomSeq} s on s.room = wanted.room
			left join lateral (
				select l.seq, l.type, l.payload, l.at, l.actor_id from ${roomEvent} l
				where l.room = wanted.room and l.seq > ${after}
				order by l.seq limit ${limit + 1}
			) e on true
			order by e.seq`
	);
	const latestSeq = Number(rows[0]?.latest ?? 0);
	if (after >= latestSeq) return { events: [], complete: true, more: false, latestSeq };
	const found = rows.filter((r) => r.seq !== null);
	// The log holds only what typed writers appended (or redaction left of it).
	const page = found.slice(0, limit).map(
		(r) =>
			({
				room,
				seq: Number(r.seq),
				type: r.type!,
				payload: r.payload,
				at: new Date(r.at!).toISOString(),
				actorId: r.actorId
			}) as RoomEvent
	);
	const complete = page.length > 0 && page[0].seq === after + 1;
	return {
		events: complete ? page : [],
		complete,
		more: complete && found.length > limit,
		latestSeq
	};
}

/**
 * Tombstones a room's logged events about something that was hidden or deleted, in the
 * caller's transaction: the log is a read path, and a member joining from seq 0 must not
 * read there what the page no longer shows. Each matching event (its payload contains
 * `about`, e.g. `{ kudosId: 7 }`) keeps its seq and type, so nobody sees a gap, but its
 * payload becomes `{ ...about, redacted: true }` and its actor is forgotten.
 */
export async function redactEvents(
	tx: Executor,
	room: RoomName,
	about: Record<string, string | number>
): Promise<number> {
	const redacted = await tx
		.update(roomEvent)
		.set({ payload: { ...about, redacted: true }, actorId: null })
		.where(
			and(
				eq(roomEvent.room, room),
				sql`${roomEvent.payload} @> ${JSON.stringify(about)}::jsonb`,
				sql`${roomEvent.payload} -> 'redacted' is null`
			)
		)
		.returning({ seq: roomEvent.seq });
	return redacted.length;
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
