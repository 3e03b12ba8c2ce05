import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { parseId } from '$lib/ids';
import { NOTIFICATION_KINDS } from '$lib/notifications/kinds';
import { requirePerson, safeRedirectTarget } from '$lib/server/auth';
import { buttonAction } from '$lib/server/forms';
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

/** A notification's buttons post its id; the service checks it is one of yours. */
const ENTRY = z.object({ id: z.unknown() });
/** "Mark all read" from the header tray says which page to go back to. */
const ALL = z.object({ back: z.string().max(2000).optional() });
/** One channel per kind, as the preferences form posts them (checked by the service). */
const CHOICES = z.object(
	Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, z.string().max(20).optional()]))
);

export const actions: Actions = {
	/** Opening a notification marks it read and follows its link. */
	open: async (event) => {
		const person = requirePerson(event);
		return buttonAction(event, { action: 'open', schema: ENTRY, row: 'id' }, async ({ id }) => {
			const { href } = await markRead(person.id, id);
			redirect(303, href ? safeRedirectTarget(href) : '/notifications');
		});
	},

	read: async (event) => {
		const person = requirePerson(event);
		return buttonAction(event, { action: 'read', schema: ENTRY, row: 'id' }, async ({ id }) => {
			await markRead(person.id, id);
			return 'Marked read.';
		});
	},

	readAll: async (event) => {
		const person = requirePerson(event);
		return buttonAction(event, { action: 'readAll', schema: ALL }, async ({ back }) => {
			const count = await markAllRead(person.id);
			// From the header tray: back to the page it was on.
			if (back) redirect(303, safeRedirectTarget(back));
			return count === 1 ? '1 notification marked read.' : `${count} marked read.`;
		});
	},

	preferences: async (event) => {
		const person = requirePerson(event);
		return buttonAction(event, { action: 'preferences', schema: CHOICES }, async (choices) => {
			await setPreferences(person.id, choices);
			return 'Your notification choices are saved.';
		});
	}
};
