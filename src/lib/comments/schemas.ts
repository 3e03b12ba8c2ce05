// What a comment form sends, checked the same way in the browser and on the server.
import { z } from 'zod';
import '$lib/validation';

/** The longest comment, in characters. */
export const COMMENT_MAX_LENGTH = 4000;

/** A comment's text: written, not too long, and free of NUL (PostgreSQL cannot store it). */
export const commentBody = z
	.string({ error: 'Write a comment first.' })
	.trim()
	.min(1, 'Write a comment first.')
	.max(COMMENT_MAX_LENGTH, 'Keep comments under 4,000 characters.')
	.refine((text) => !text.includes('\u0000'), 'Comments cannot contain NUL characters.');

/** Adding a comment to a thread. */
export const commentSchema = z.object({ body: commentBody });

/** Editing or deleting one comment of the thread. */
export const commentIdSchema = z.coerce
	.number({ error: 'Choose a comment.' })
	.int('Choose a comment.')
	.positive('Choose a comment.')
	.max(2_147_483_647, 'Choose a comment.');

export const editCommentSchema = z.object({ commentId: commentIdSchema, body: commentBody });
export const deleteCommentSchema = z.object({ commentId: commentIdSchema });
