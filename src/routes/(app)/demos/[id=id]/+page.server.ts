import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { chapterSchema, commentSchema } from '$lib/demos/schemas';
import { parseFilter, parseStartAt } from '$lib/demos/timeline';
import { postedId } from '$lib/ids';
import { requirePerson } from '$lib/server/auth';
import { liveBashes } from '$lib/server/bugbash';
import {
	addChapter,
	attendeesOf,
	bugFromComment,
	captionCount,
	chapterFromComment,
	chaptersOf,
	escalateComment,
	logOf,
	mayManageDemo,
	momentsOf,
	postComment,
	recordingWatchers,
	requestFromComment,
	saveCaptions,
	setRecording
} from '$lib/server/demos';
import { buttonAction, confirm, emptyForm, refuse, validateForm } from '$lib/server/forms';
import { demoFromParams, liveDemo, sessionLength } from './demo.server';
import type { Actions, PageServerLoad } from './$types';

const COMMENT_ROW = z.object({ commentId: postedId('That comment does not exist.') });
const ESCALATE = COMMENT_ROW.extend({ clientKey: z.string().min(8).max(64) });
/** Which running bash (and area, after a colon) a comment is filed in. */
const FILE_BUG = ESCALATE.extend({
	target: z
		.string({ error: 'Choose the bug bash.' })
		.regex(/^\d{1,9}(:.{0,60})?$/s, 'Choose the bug bash.')
});
const CAPTIONS = z.object({
	captions: z
		.instanceof(File, { error: 'Choose a WebVTT file.' })
		.refine((file) => file.size > 0, 'Choose a WebVTT file.')
});
const OFFSET = z.object({
	offset: z.coerce
		.number('Enter the offset in seconds.')
		.min(-3600, 'At most an hour either way.')
		.max(3600, 'At most an hour either way.')
});

export const load: PageServerLoad = async (event) => {
	const person = requirePerson(event);
	const { demoId, after, demo } = await liveDemo(event);
	const [log, chapters, moments, attendees, manager, captions, watchers, bashes] =
		await Promise.all([
			logOf(demoId),
			chaptersOf(demoId),
			momentsOf(demoId),
			attendeesOf(demoId),
			mayManageDemo(person.id, demoId),
			captionCount(demoId),
			recordingWatchers(demoId),
			liveBashes()
		]);
	return {
		after,
		demo,
		log,
		chapters,
		moments,
		attendees,
		watchers,
		bashes,
		isManager: manager,
		captionCount: captions,
		durationMs: sessionLength(demo),
		startAtMs: parseStartAt(event.url.searchParams.get('t')),
		filter: parseFilter(event.url.searchParams.get('show')),
		forms: {
			comment: await emptyForm(commentSchema, { id: 'later' }),
			chapter: await emptyForm(chapterSchema, { id: 'chapter' })
		}
	};
};

export const actions: Actions = {
	/** A comment while watching later, stamped at the playhead the form carries. */
	comment: async (event) => {
		const person = requirePerson(event);
		const { demoId } = await demoFromParams(event.params);
		const form = await validateForm(event, commentSchema, { id: 'later' });
		if (!form.valid) return fail(400, { form });
		try {
			await postComment(person.id, demoId, { ...form.data, at: form.data.at ?? 0 });
		} catch (err) {
			return refuse(form, err);
		}
		return confirm(form, 'Comment added at this moment.');
	},
	chapter: async (event) => {
		const person = requirePerson(event);
		const { demoId } = await demoFromParams(event.params);
		const form = await validateForm(event, chapterSchema, { id: 'chapter' });
		if (!form.valid) return fail(400, { form });
		try {
			await addChapter(person.id, demoId, form.data);
		} catch (err) {
			return refuse(form, err);
		}
		return confirm(form, `Chapter “${form.data.title}” added.`);
	},
	toChapter: async (event) => {
		const person = requirePerson(event);
		return buttonAction(
			event,
			{ action: 'toChapter', schema: COMMENT_ROW, row: 'commentId' },
			async ({ commentId }) => {
				await chapterFromComment(person.id, commentId);
				return 'Made a chapter.';
			}
		);
	},
	escalate: async (event) => {
		const person = requirePerson(event);
		return buttonAction(
			event,
			{ action: 'escalate', schema: ESCALATE, row: 'commentId' },
			async ({ commentId, clientKey }) => {
				const id = await escalateComment(person.id, commentId, clientKey);
				return `Escalated as #${id}.`;
			}
		);
	},
	toRequest: async (event) => {
		const person = requirePerson(event);
		return buttonAction(
			event,
			{ action: 'toRequest', schema: COMMENT_ROW, row: 'commentId' },
			async ({ commentId }) => {
				const id = await requestFromComment(person.id, commentId);
				return `Feature request #${id} opened.`;
			}
		);
	},
	toBug: async (event) => {
		const person = requirePerson(event);
		return buttonAction(
			event,
			{ action: 'toBug', schema: FILE_BUG, row: 'commentId' },
			async ({ commentId, clientKey, target }) => {
				const colon = target.indexOf(':');
				const bashId = colon < 0 ? target : target.slice(0, colon);
				const area = colon < 0 ? '' : target.slice(colon + 1);
				const filed = await bugFromComment(person.id, commentId, {
					bashId: Number(bashId),
					area,
					clientKey
				});
				return `Filed as bug #${filed.bugId}.`;
			}
		);
	},
	offset: async (event) => {
		const person = requirePerson(event);
		const { demoId, demo } = await demoFromParams(event.params);
		return buttonAction(event, { action: 'offset', schema: OFFSET }, async ({ offset }) => {
			await setRecording(person.id, demoId, {
				mediaId: demo.recordingMediaId,
				offsetMs: Math.round(offset * 1000)
			});
			return 'The log is aligned with the recording.';
		});
	},
	captions: async (event) => {
		const person = requirePerson(event);
		const { demoId } = await demoFromParams(event.params);
		return buttonAction(event, { action: 'captions', schema: CAPTIONS }, async ({ captions }) => {
			const count = await saveCaptions(
				person.id,
				demoId,
				new Uint8Array(await captions.arrayBuffer())
			);
			return `${count} captions added.`;
		});
	}
};
