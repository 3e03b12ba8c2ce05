// The typed event contract: which rooms exist, which events each carries and what their
// payloads hold. Every module declares its own events in its server `events.ts`; this
// file only joins those declarations (type-only imports, erased from the browser bundle)
// into one app-wide map, so the writer and every page read the same types.
import type { BashRoom, BugbashEvents, BugbashRooms } from '$lib/server/bugbash';
import type { CommentEvents } from '$lib/server/comments';
import type { CustomerEvents, CustomerRooms } from '$lib/server/customers';
import type { DemoEvents, DemoRooms } from '$lib/server/demos';
import type { HackathonEvents, HackathonRooms } from '$lib/server/hackathons';
import type { IntegrationEvents, IntegrationRooms } from '$lib/server/integrations';
import type { EscalationEvents, EscalationRoom, EscalationRooms } from '$lib/server/escalations';
import type { KudosEvents, KudosRedactedEvents, KudosRooms } from '$lib/server/kudos';
import type { LedgerEvents, LedgerRooms } from '$lib/server/ledger';
import type { NotificationEvents, NotificationRooms } from '$lib/server/notifications';
import type { OrgEvents, OrgRooms } from '$lib/server/org';
import type { RaciEvents, RaciRooms } from '$lib/server/raci';
import type { RequestEvents, RequestRooms } from '$lib/server/requests';
import type { RewardsEvents, RewardsRooms } from '$lib/server/rewards';
import type { SloEvents, SloRooms } from '$lib/server/slo';
import type { SyncEvents, SyncRooms } from '$lib/server/sync';
import type { WorkspaceEvents, WorkspaceRooms } from '$lib/server/workspace';

export type { BashRoom, EscalationRoom };
/** A person's own room: their notifications, balance and badges. */
export type UserRoom = `user:${number}`;

/** The platform's own rooms: `online` carries presence only, no events. */
interface PlatformRooms {
	online: Record<never, never>;
}

/** Every room and the events it carries (`bugbash:42` → the bug bash's room events). */
export type Rooms = BugbashRooms &
	CustomerRooms &
	EscalationRooms &
	KudosRooms &
	RewardsRooms &
	LedgerRooms &
	NotificationRooms &
	HackathonRooms &
	SloRooms &
	IntegrationRooms &
	OrgRooms &
	WorkspaceRooms &
	DemoRooms &
	RequestRooms &
	RaciRooms &
	SyncRooms &
	PlatformRooms;

/** A room name: `bugbashes`, `bugbash:${number}`, `user:${number}`, `kudos`, … */
export type RoomName = keyof Rooms & string;

/** Every event by name, whichever room carries it. */
export type EventPayloads = BugbashEvents &
	CustomerEvents &
	EscalationEvents &
	KudosEvents &
	RewardsEvents &
	LedgerEvents &
	NotificationEvents &
	CommentEvents &
	HackathonEvents &
	SloEvents &
	IntegrationEvents &
	OrgEvents &
	WorkspaceEvents &
	DemoEvents &
	RequestEvents &
	RaciEvents &
	SyncEvents;

export type EventType = keyof EventPayloads & string;

/** What an event's payload becomes in the log once its subject is hidden (redactEvents). */
type RedactedPayloads = KudosRedactedEvents;

/** The payload a reader receives: as recorded, or what redaction left of it. */
export type ReceivedPayload<T extends EventType> =
	EventPayloads[T] | (T extends keyof RedactedPayloads ? RedactedPayloads[T] : never);

/** The rooms that carry event `T`: a capability (comments) writes into its owners' rooms. */
export type RoomsCarrying<T extends EventType> = {
	[R in RoomName]: T extends EventTypeIn<R> ? R : never;
}[RoomName];

/** The event types room `R` carries. */
export type EventTypeIn<R extends RoomName> = keyof Rooms[R] & EventType;

/** One event of type `T` as it travels: ordered by `seq` within its room. */
export interface RoomEventOf<T extends EventType = EventType> {
	room: string;
	seq: number;
	type: T;
	payload: ReceivedPayload<T>;
	/** ISO timestamp of the commit. */
	at: string;
	actorId: number | null;
}

/** Any event of the app, narrowed by `switch (event.type)`. */
export type AnyRoomEvent = { [T in EventType]: RoomEventOf<T> }[EventType];

/** The events room `R` carries (`RoomEventIn<'bugbashes'>`): only those, discriminated by type. */
export type RoomEventIn<R extends RoomName> = R extends RoomName
	? { [T in EventTypeIn<R>]: RoomEventOf<T> }[EventTypeIn<R>]
	: never;

/**
 * The dependency key a page's load declares for a room (`depends(liveDependency(room))`)
 * and its live updates invalidate: `live:bugbash:42`. One function, so the two can never
 * drift apart.
 */
export function liveDependency<R extends RoomName>(room: R): `live:${R}` {
	return `live:${room}`;
}
