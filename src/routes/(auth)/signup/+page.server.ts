import { fail, redirect } from '@sveltejs/kit';
import { signUpSchema } from '$lib/auth/schemas';
import { inspectInvitation, isFirstSignUp, signUp } from '$lib/server/auth';
import { startSession } from '$lib/server/auth';
import { refuse, validateForm, emptyForm } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.person) redirect(303, '/');
	const inviteToken = url.searchParams.get('invite') ?? '';
	const form = await emptyForm(signUpSchema);
	form.data.invite = inviteToken;
	const invitation = inviteToken ? await inspectInvitation(inviteToken) : null;
	if (invitation?.ok && invitation.email) form.data.email = invitation.email;
	return { form, firstAccount: await isFirstSignUp(), invitation };
};

export const actions: Actions = {
	default: async (event) => {
		const form = await validateForm(event, signUpSchema);
		if (!form.valid) return fail(400, { form: { ...form, data: { ...form.data, password: '' } } });
		let created: { id: number };
		try {
			created = await signUp({ ...form.data, inviteToken: form.data.invite || undefined });
		} catch (err) {
			form.data.password = '';
			return refuse(form, err);
		}
		await startSession(event, created.id);
		redirect(303, '/');
	}
};
