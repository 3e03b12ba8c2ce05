import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { changePasswordSchema, profileSchema } from '$lib/auth/schemas';
import { changePassword, renamePerson } from '$lib/server/auth';
import { clearSessionCookie, requirePerson } from '$lib/server/auth';
import { invalidateAllSessions, invalidatePersonSession, listSessions } from '$lib/server/auth';
import { ServiceError } from '$lib/server/errors';
import { buttonAction, confirm, emptyForm, refuse, validateForm } from '$lib/server/forms';
import { kudosOfPerson } from '$lib/server/kudos';
import { badgesOf } from '$lib/server/ledger';
import { balanceOf } from '$lib/server/ledger';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const person = requirePerson(event);
	const profileForm = await emptyForm(profileSchema, {
		id: 'profile',
		data: { name: person.name }
	});
	const passwordForm = await emptyForm(changePasswordSchema, { id: 'password' });
	const [sessions, badges, points, kudos] = await Promise.all([
		listSessions(person.id),
		badgesOf(person.id),
		balanceOf(person.id),
		kudosOfPerson(person.id, person.id)
	]);
	return {
		badges,
		kudos,
		points,
		profileForm,
		passwordForm,
		sessions: sessions.map((s) => ({ ...s, current: s.id === event.locals.session?.id }))
	};
};

/** A session is named by its id (random text, not a row number). */
const SESSION = z.object({ sessionId: z.string().max(100) });

export const actions: Actions = {
	rename: async (event) => {
		const person = requirePerson(event);
		const form = await validateForm(event, profileSchema, { id: 'profile' });
		if (!form.valid) return fail(400, { profileForm: form });
		await renamePerson(person.id, form.data.name);
		return confirm(form, 'Your name is saved.');
	},

	password: async (event) => {
		const person = requirePerson(event);
		const form = await validateForm(event, changePasswordSchema, { id: 'password' });
		const blank = () => ({
			...form.data,
			currentPassword: '',
			newPassword: '',
			confirmPassword: ''
		});
		if (!form.valid) return fail(400, { passwordForm: { ...form, data: blank() } });
		try {
			await changePassword(
				person.id,
				form.data.currentPassword,
				form.data.newPassword,
				event.locals.session!.id
			);
		} catch (err) {
			form.data = blank();
			return refuse(form, err);
		}
		form.data = blank();
		return confirm(form, 'Password changed. Your other sessions have been signed out.');
	},

	endSession: async (event) => {
		const person = requirePerson(event);
		return buttonAction(event, { action: 'endSession', schema: SESSION }, async ({ sessionId }) => {
			const ended = await invalidatePersonSession(person.id, sessionId);
			if (!ended) throw new ServiceError('That session has already ended.');
			if (sessionId === event.locals.session?.id) {
				clearSessionCookie(event.cookies, event.url.protocol === 'https:');
				redirect(303, '/login');
			}
			return 'Session signed out.';
		});
	},

	endAll: async (event) => {
		const person = requirePerson(event);
		return buttonAction(event, { action: 'endAll', schema: z.object({}) }, async () => {
			await invalidateAllSessions(person.id);
			clearSessionCookie(event.cookies, event.url.protocol === 'https:');
			redirect(303, '/login');
		});
	}
};
