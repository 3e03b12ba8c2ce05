// The live page's socket commands: comment (sent in frames) and upvote. Thin: parse, then
// the log's service inside runCommand's transaction.
import { z } from 'zod';
import { commentSchema } from '$lib/demos/schemas';
import { parseId } from '$lib/ids';
import type { CommandHandler } from '../realtime';
import { postCommentIn, voteQuestionIn } from './log';

/** An id in a socket payload: a whole number in range, or the message given. */
function socketId(message: string) {
	return z.unknown().transform((value, ctx) => {
		const id = parseId(value);
		if (id !== null) return id;
		ctx.addIssue({ code: 'custom', message });
		return z.NEVER;
	});
}

const commentPayload = commentSchema.extend({ demoId: socketId('That demo does not exist.') });
const votePayload = z.object({ commentId: socketId('That question does not exist.') });

const commentCommand: CommandHandler<z.infer<typeof commentPayload>, object> = {
	schema: commentPayload,
	framed: true,
	handle: async ({ tx, record, person, payload }) => {
		const { demoId, ...input } = payload;
		const comment = await postCommentIn(tx, record, person.id, demoId, input);
		return { commentId: comment.id, offsetMs: comment.offsetMs };
	}
};

const voteCommand: CommandHandler<z.infer<typeof votePayload>, object> = {
	schema: votePayload,
	handle: async ({ tx, record, person, payload }) => ({
		votes: await voteQuestionIn(tx, record, person.id, payload.commentId)
	})
};

/** The demos' socket commands, registered through the module registry. */
export const demoCommands = {
	'demo.comment': commentCommand,
	'demo.vote': voteCommand
};
