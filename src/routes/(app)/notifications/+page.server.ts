import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { parseId } from '$lib/ids';
import { NOTIFICATION_KINDS } from '$lib/notifications/kinds';
import { requirePerson, safeRedirectTarget } from '$lib/server/auth';
import { ServiceError } from '$lib/server/errors';
import {
	markAllRead,
	markRead,
	notificationsPage,
	preferencesOf,
	setPreferences,
	unreadCount
} from '$lib/server/notifications';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const person = requirePerson(event);
	const before = parseId(event.url.searchParams.get('before')) ?? undefined;
	const [page, unread, preferences] = await Promise.all([
		notificationsPage(person.id, { before }),
		unreadCount(person.id),
		preferencesOf(person.id)
	]);
	return { ...page, before: before ?? null, unread, preferences };
};

/** Marks the posted notification read (only one of the signed-in person's own). */
async function markPosted(event: RequestEvent) {
	const person = requirePerson(event);
	const posted = (await event.request.formData()).get('id');
	try {
		return { href: (await markRead(person.id, posted)).href };
	} catch (err) {
		if (!(err instanceof ServiceError)) throw err;
		return { refused: fail(404, { readError: err.message }) };
	}
}

export const actions: Actions = {
	/** Opening a notification marks it read and follows its link. */
	open: async (event) => {
		const marked = await markPosted(event);
		if ('refused' in marked) return marked.refused;
		redirect(303, marked.href ? safeRedirectTarget(marked.href) : '/notifications');
	},

	read: async (event) => {
		const marked = await markPosted(event);
		if ('refused' in marked) return marked.refused;
		return { readNotice: 'Marked read.' };
	},

	readAll: async (event) => {
		const person = requirePerson(event);
		const back = (await event.request.formData()).get('back');
		const count = await markAllRead(person.id);
		// From the header tray: back to the page it was on.
		if (typeof back === 'string' && back) redirect(303, safeRedirectTarget(back));
		return { readNotice: count === 1 ? '1 notification marked read.' : `${count} marked read.` };
	},

	preferences: async (event) => {
		const person = requirePerson(event);
		const form = await event.request.formData();
		const choices: Record<string, string> = {};
		for (const kind of NOTIFICATION_KINDS) {
			const channel = form.get(kind);
			if (typeof channel === 'string') choices[kind] = channel;
		}
		try {
			await setPreferences(person.id, choices);
		} catch (err) {
			if (!(err instanceof ServiceError)) throw err;
			return fail(400, { preferencesError: err.message, preferencesField: err.field ?? null });
		}
		return { preferencesNotice: 'Your notification choices are saved.' };
	}
};
