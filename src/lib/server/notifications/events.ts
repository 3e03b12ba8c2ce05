// The notifications' events, in each person's own room (`user:<id>`): what the tray in
// the layout applies live.
import type { NoticePayload, ReadPayload } from '$lib/notifications/kinds';

/** Every notification event by name, with its payload. */
export interface NotificationEvents {
	/** A notification was stored for the person (with their unread count). */
	notice: NoticePayload;
	/** Some were marked read, in this tab or another. */
	'notifications.read': ReadPayload;
}

/** Notifications travel in the person's own room. */
export interface NotificationRooms {
	[room: `user:${number}`]: NotificationEvents;
}
