import { fail, redirect } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { changePasswordSchema, profileSchema } from '$lib/auth/schemas';
import { changePassword, renamePerson } from '$lib/server/auth';
import { clearSessionCookie, requirePerson } from '$lib/server/auth';
import { invalidateAllSessions, invalidatePersonSession, listSessions } from '$lib/server/auth';
import { refuse, type FormMessage } from '$lib/server/forms';
import { kudosOfPerson } from '$lib/server/kudos';
import { badgesOf } from '$lib/server/ledger';
import { balanceOf } from '$lib/server/ledger';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const person = requirePerson(event);
	const profileForm = await superValidate({ name: person.name }, zod4(profileSchema), {
		id: 'profile',
		errors: false
	});
	const passwordForm = await superValidate(zod4(changePasswordSchema), { id: 'password' });
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

export const actions: Actions = {
	rename: async (event) => {
		const person = requirePerson(event);
		const form = await superValidate(event.request, zod4(profileSchema), { id: 'profile' });
		if (!form.valid) return fail(400, { profileForm: form });
		await renamePerson(person.id, form.data.name);
		return message(form, { type: 'success', text: 'Your name is saved.' } satisfies FormMessage);
	},

	password: async (event) => {
		const person = requirePerson(event);
		const form = await superValidate(event.request, zod4(changePasswordSchema), { id: 'password' });
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
		return message(form, {
			type: 'success',
			text: 'Password changed. Your other sessions have been signed out.'
		} satisfies FormMessage);
	},

	endSession: async (event) => {
		const person = requirePerson(event);
		const id = String((await event.request.formData()).get('sessionId') ?? '');
		const ended = await invalidatePersonSession(person.id, id);
		if (!ended) return fail(404, { sessionError: 'That session has already ended.' });
		if (id === event.locals.session?.id) {
			clearSessionCookie(event.cookies, event.url.protocol === 'https:');
			redirect(303, '/login');
		}
		return { sessionNotice: 'Session signed out.' };
	},

	endAll: async (event) => {
		const person = requirePerson(event);
		await invalidateAllSessions(person.id);
		clearSessionCookie(event.cookies, event.url.protocol === 'https:');
		redirect(303, '/login');
	}
};
