import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { commentSchema } from '$lib/demos/schemas';
import { postedId } from '$lib/ids';
import { requirePerson } from '$lib/server/auth';
import {
	attendeesOf,
	endDemo,
	goLive,
	logOf,
	markQuestion,
	mayManageDemo,
	myVotes,
	postComment,
	reactAtMoment,
	recordAttendance,
	voteQuestion
} from '$lib/server/demos';
import { buttonAction, confirm, emptyForm, refuse, validateForm } from '$lib/server/forms';
import { demoFromParams, liveDemo } from '../demo.server';
import type { Actions, PageServerLoad } from './$types';

const QUESTION = z.object({ commentId: postedId('That question does not exist.') });
const MARK = QUESTION.extend({
	mark: z.enum(['answered', 'pinned', 'helpful'], 'Choose a mark.'),
	on: z.enum(['true', 'false']).transform((v) => v === 'true')
});
const REACT = z.object({ kind: z.string().max(20) });

export const load: PageServerLoad = async (event) => {
	const person = requirePerson(event);
	const { demoId, after, demo } = await liveDemo(event);
	// Opening the live page while it runs is being there: recorded once per person.
	if (demo.state === 'live') await recordAttendance(person.id, demoId);
	const [log, attendees, manager, voted] = await Promise.all([
		logOf(demoId),
		attendeesOf(demoId),
		mayManageDemo(person.id, demoId),
		myVotes(demoId, person.id)
	]);
	return {
		after,
		demo,
		log,
		attendees,
		voted,
		viewerId: person.id,
		isManager: manager,
		serverNow: Date.now(),
		form: await emptyForm(commentSchema, { id: 'live' })
	};
};

export const actions: Actions = {
	goLive: async (event) => {
		const person = requirePerson(event);
		const { demoId } = await demoFromParams(event.params);
		return buttonAction(event, { action: 'goLive', schema: z.object({}) }, async () => {
			await goLive(person.id, demoId);
			return 'You are live.';
		});
	},
	end: async (event) => {
		const person = requirePerson(event);
		const { demoId } = await demoFromParams(event.params);
		return buttonAction(event, { action: 'end', schema: z.object({}) }, async () => {
			await endDemo(person.id, demoId);
			return 'The demo has ended. Thank you!';
		});
	},
	/** Without JavaScript a comment comes as a form; the page otherwise sends it over the socket. */
	comment: async (event) => {
		const person = requirePerson(event);
		const { demoId } = await demoFromParams(event.params);
		const form = await validateForm(event, commentSchema, { id: 'live' });
		if (!form.valid) return fail(400, { form });
		try {
			await postComment(person.id, demoId, { body: form.data.body, kind: form.data.kind });
		} catch (err) {
			return refuse(form, err);
		}
		return confirm(form, form.data.kind === 'question' ? 'Question asked.' : 'Comment sent.');
	},
	vote: async (event) => {
		const person = requirePerson(event);
		return buttonAction(
			event,
			{ action: 'vote', schema: QUESTION, row: 'commentId' },
			async ({ commentId }) => {
				await voteQuestion(person.id, commentId);
				return 'Upvoted.';
			}
		);
	},
	mark: async (event) => {
		const person = requirePerson(event);
		return buttonAction(
			event,
			{ action: 'mark', schema: MARK, row: 'commentId' },
			async ({ commentId, mark, on }) => {
				await markQuestion(person.id, commentId, mark, on);
				return 'Saved.';
			}
		);
	},
	react: async (event) => {
		const person = requirePerson(event);
		const { demoId } = await demoFromParams(event.params);
		return buttonAction(event, { action: 'react', schema: REACT }, async ({ kind }) => {
			const on = await reactAtMoment(person.id, demoId, kind);
			return on ? 'Reacted.' : 'Reaction taken back.';
		});
	}
};
