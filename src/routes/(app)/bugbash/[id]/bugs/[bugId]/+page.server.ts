import { error, fail, redirect } from '@sveltejs/kit';
import { parseId } from '$lib/ids';
import { triageSchema } from '$lib/bugbash/schemas';
import { requirePerson } from '$lib/server/auth';
import { boardOf, bugDetail } from '$lib/server/bugbash';
import { bashRoom, commentOnBug, confirmSameBug } from '$lib/server/bugbash';
import { deleteBugComment, editBugComment } from '$lib/server/bugbash';
import { commentActions, shownFrom } from '$lib/server/comments';
import { promoteToEscalation } from '$lib/server/bugbash';
import { triageBug, undoDecision } from '$lib/server/bugbash';
import { ServiceError } from '$lib/server/errors';
import { latestSeq } from '$lib/server/realtime';
import { bashFromParams } from '../../bash.server';
import type { Actions, PageServerLoad } from './$types';

function bugIdOf(params: { bugId?: string }): number {
	const bugId = parseId(params.bugId);
	if (!bugId) error(404, 'That bug does not exist.');
	return bugId;
}

export const load: PageServerLoad = async (event) => {
	const person = requirePerson(event);
	event.depends('tandem:bug');
	const bash = await bashFromParams(event.params);
	const after = await latestSeq(bashRoom(bash.id));
	const bugId = bugIdOf(event.params);
	let detail;
	try {
		detail = await bugDetail(
			bash.id,
			bugId,
			person,
			shownFrom(event.url.searchParams.get('comments'))
		);
	} catch (err) {
		if (err instanceof ServiceError) error(404, err.message);
		throw err;
	}
	const isOrganiser = bash.organisers.some((o) => o.id === person.id);
	// Originals an organiser can point a duplicate at: the bash's other open bugs.
	const originals = isOrganiser
		? (await boardOf(bash.id))
				.filter((b) => b.id !== bugId && !['duplicate', 'not_a_bug'].includes(b.status))
				.map((b) => ({ id: b.id, title: b.title }))
		: [];
	// A fresh key per page view: a double click on Escalate opens one escalation.
	const escalateKey = crypto.randomUUID();
	return { bash, ...detail, after, isOrganiser, originals, viewerId: person.id, escalateKey };
};

/** Maps a refusal to `{ action, message, field }` next to the form that was sent. */
function refused(action: string, err: unknown) {
	if (err instanceof ServiceError) {
		return fail(400, { action, message: err.message, field: err.field ?? null });
	}
	throw err;
}

export const actions: Actions = {
	triage: async (event) => {
		const person = requirePerson(event);
		const bugId = bugIdOf(event.params);
		const raw = Object.fromEntries(await event.request.formData());
		const parsed = triageSchema.safeParse({ ...raw, severity: raw.severity || undefined });
		if (!parsed.success) {
			const issue = parsed.error.issues[0];
			return fail(400, {
				action: 'triage',
				message: issue.message,
				field: String(issue.path[0] ?? '')
			});
		}
		try {
			await triageBug(person.id, bugId, parsed.data);
		} catch (err) {
			return refused('triage', err);
		}
		return { action: 'triage', done: true };
	},

	undo: async (event) => {
		const person = requirePerson(event);
		try {
			await undoDecision(person.id, bugIdOf(event.params));
		} catch (err) {
			return refused('undo', err);
		}
		return { action: 'undo', done: true };
	},

	...commentActions((event) => {
		const bugId = bugIdOf(event.params);
		return {
			add: (actorId, body) => commentOnBug(actorId, bugId, body),
			edit: (actorId, commentId, body) => editBugComment(actorId, bugId, commentId, body),
			remove: (actorId, commentId) => deleteBugComment(actorId, bugId, commentId)
		};
	}),

	escalate: async (event) => {
		const person = requirePerson(event);
		const bugId = bugIdOf(event.params);
		const form = await event.request.formData();
		const text = (name: string) => String(form.get(name) ?? '');
		let escalationId: number;
		try {
			({ escalationId } = await promoteToEscalation(person.id, bugId, {
				clientKey: text('clientKey'),
				customerName: text('customerName'),
				customerTier: text('customerTier'),
				customerUrl: text('customerUrl')
			}));
		} catch (err) {
			return refused('triage', err);
		}
		redirect(303, `/escalations/${escalationId}`);
	},

	same: async (event) => {
		const person = requirePerson(event);
		try {
			await confirmSameBug(person.id, bugIdOf(event.params));
		} catch (err) {
			return refused('same', err);
		}
		return { action: 'same', done: true };
	}
};
