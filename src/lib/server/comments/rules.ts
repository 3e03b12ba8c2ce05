// Who may change a comment, and what a comment may say: pure rules, shown on the page and
// enforced by the service.
import { commentBody } from '$lib/comments/schemas';
import { EDIT_WINDOW_MS } from '$lib/comments/types';
import { parseOrRefuse } from '../errors';

/** The person acting on a comment, read fresh in the writing transaction. */
export interface CommentActor {
	id: number;
	role: 'admin' | 'member';
}

interface StoredComment {
	authorId: number;
	createdAt: Date;
	deletedAt: Date | null;
}

/** The text to store: trimmed, present, short enough and without NUL, or a refusal. */
export function checkedBody(body: unknown): string {
	return parseOrRefuse(commentBody, body, 'body');
}

function withinWindow(target: StoredComment, now: Date): boolean {
	return now.getTime() - new Date(target.createdAt).getTime() <= EDIT_WINDOW_MS;
}

/** Authors edit their own comment for 15 minutes after posting it. */
export function mayEdit(actor: CommentActor, target: StoredComment, now = new Date()): boolean {
	return !target.deletedAt && actor.id === target.authorId && withinWindow(target, now);
}

/** Authors delete their own within 15 minutes; admins delete any, at any time. */
export function mayDelete(actor: CommentActor, target: StoredComment, now = new Date()): boolean {
	if (target.deletedAt) return false;
	return actor.role === 'admin' || (actor.id === target.authorId && withinWindow(target, now));
}
