// The live events of comment threads. A thread has no room of its own: each event goes to
// the owner's room (a bug's bash, an escalation), named by its subject, so the owner's
// pages update live and its room policy decides who sees them.
import {
	COMMENT_EVENTS,
	type CommentAddedPayload,
	type CommentDeletedPayload,
	type CommentEditedPayload
} from '$lib/comments/types';
import type { RoomsCarrying } from '$lib/realtime/events';

export {
	COMMENT_EVENTS,
	type CommentAddedPayload,
	type CommentDeletedPayload,
	type CommentEditedPayload
};

/** The keys owners name their subjects by in comment events (`{ bugId: 12 }`). */
export interface CommentAbout {
	bugId?: number;
	escalationId?: number;
	teamId?: number;
}

/** Event type → payload, for typed room events. */
export interface CommentEvents {
	'comment.added': CommentAddedPayload & CommentAbout;
	'comment.edited': CommentEditedPayload & CommentAbout;
	'comment.deleted': CommentDeletedPayload & CommentAbout;
}

/**
 * Where an owner keeps a thread: the room its events go to, the keys its pages know the
 * subject by (added to every payload, e.g. `{ bugId: 12 }`), and how notifications name
 * the thread and link to it.
 */
export interface ThreadOwner {
	room: RoomsCarrying<'comment.added'>;
	about?: CommentAbout;
	/** e.g. “Spinner never stops” or escalation #4 */
	title: string;
	href: string;
}
