// What the browser knows about comment threads: how a comment is shown, the paging and
// editing rules, and the live events a thread's room receives.

/** Authors may edit or delete their own comment this long after posting it. */
export const EDIT_WINDOW_MS = 15 * 60_000;

/** Comments a thread shows at first; "Show earlier comments" adds as many again. */
export const COMMENT_PAGE_SIZE = 20;

/** The most a thread page shows at once. */
export const COMMENT_MAX_SHOWN = 500;

/** What a thread is about: its owner's kind and id, e.g. { kind: 'bug', id: 12 }. */
export interface CommentSubject {
	kind: string;
	id: number;
}

/** One comment as a viewer sees it. A deleted one keeps its place but not its text. */
export interface CommentView {
	id: number;
	authorId: number;
	authorName: string;
	departmentName: string | null;
	departmentKind: 'support' | 'product' | 'engineering' | 'other' | null;
	/** Empty once deleted. */
	body: string;
	createdAt: Date;
	editedAt: Date | null;
	deleted: boolean;
	/** Whether this viewer may edit or delete it now (the server checks again). */
	mayEdit: boolean;
	mayDelete: boolean;
}

/** A page of a thread: the newest `shown` comments, oldest first, and how many exist. */
export interface CommentThreadPage {
	comments: CommentView[];
	/** Comments in the thread, deleted ones included (they keep their place). */
	total: number;
	/** How many the page asked for; more exist when total > comments.length. */
	shown: number;
}

/** Every comment event names its thread and comment; owners add their own keys (bugId). */
export interface CommentEventBase {
	subjectKind: string;
	subjectId: number;
	commentId: number;
}

/** `comment.added`: a new comment, with what the thread shows. */
export interface CommentAddedPayload extends CommentEventBase {
	authorId: number;
	authorName: string;
	body: string;
	createdAt: string;
}

/** `comment.edited`: the new text. */
export interface CommentEditedPayload extends CommentEventBase {
	body: string;
	editedAt: string;
}

/** `comment.deleted`: the comment is gone; earlier events about it are redacted. */
export type CommentDeletedPayload = CommentEventBase;

export const COMMENT_EVENTS = {
	added: 'comment.added',
	edited: 'comment.edited',
	deleted: 'comment.deleted'
} as const;
