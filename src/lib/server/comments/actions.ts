// The form actions every page with a thread has — comment, editComment, deleteComment —
// written once: parse the form, call the owner's service, answer with `thread` (what the
// CommentThread component shows next to the form that was sent).
import { fail, type RequestEvent } from '@sveltejs/kit';
import { commentSchema, deleteCommentSchema, editCommentSchema } from '$lib/comments/schemas';
import { requirePerson } from '../auth';
import { ServiceError } from '../errors';
import { readForm } from '../form-input';

/** The owner's writes for one thread; each checks permission and runs in its transaction. */
export interface ThreadWrites {
	add(actorId: number, body: string): Promise<unknown>;
	edit(actorId: number, commentId: number, body: string): Promise<unknown>;
	remove(actorId: number, commentId: number): Promise<unknown>;
}

type ThreadAction = 'comment' | 'editComment' | 'deleteComment';

/** A refusal of one thread form, shown next to it. */
export interface ThreadFormResult {
	action: ThreadAction;
	commentId: number | null;
	message: string;
	field: string | null;
}

function refused(action: ThreadAction, commentId: number | null, message: string, field?: string) {
	const thread: ThreadFormResult = { action, commentId, message, field: field ?? null };
	return fail(400, { thread });
}

function postedId(form: FormData): number | null {
	const id = Number(form.get('commentId'));
	return Number.isSafeInteger(id) && id > 0 ? id : null;
}

async function run(action: ThreadAction, commentId: number | null, write: () => Promise<unknown>) {
	try {
		await write();
	} catch (err) {
		if (err instanceof ServiceError) return refused(action, commentId, err.message, err.field);
		throw err;
	}
	return { thread: { action, commentId, done: true } };
}

/** `comment`, `editComment` and `deleteComment` for a page whose thread `writesFor` names. */
export function commentActions<E extends RequestEvent>(writesFor: (event: E) => ThreadWrites) {
	return {
		comment: async (event: E) => {
			const person = requirePerson(event);
			const writes = writesFor(event);
			const parsed = commentSchema.safeParse(Object.fromEntries(await readForm(event.request)));
			if (!parsed.success) return refused('comment', null, parsed.error.issues[0].message, 'body');
			return run('comment', null, () => writes.add(person.id, parsed.data.body));
		},
		editComment: async (event: E) => {
			const person = requirePerson(event);
			const writes = writesFor(event);
			const form = await readForm(event.request);
			const parsed = editCommentSchema.safeParse(Object.fromEntries(form));
			if (!parsed.success) {
				const issue = parsed.error.issues[0];
				return refused('editComment', postedId(form), issue.message, String(issue.path[0]));
			}
			const { commentId, body } = parsed.data;
			return run('editComment', commentId, () => writes.edit(person.id, commentId, body));
		},
		deleteComment: async (event: E) => {
			const person = requirePerson(event);
			const writes = writesFor(event);
			const parsed = deleteCommentSchema.safeParse(
				Object.fromEntries(await readForm(event.request))
			);
			if (!parsed.success) return refused('deleteComment', null, parsed.error.issues[0].message);
			const { commentId } = parsed.data;
			return run('deleteComment', commentId, () => writes.remove(person.id, commentId));
		}
	};
}
