import { fail, redirect } from '@sveltejs/kit';
import { signUpSchema } from '$lib/auth/schemas';
import {
	inspectInvitation,
	isFirstSignUp,
	requestSignUp,
	SIGN_UP_DONE,
	startSession,
	TryLaterError,
	type SignUpAnswer
} from '$lib/server/auth';
import { message } from 'sveltekit-superforms';
import type { FormMessage } from '$lib/forms';
import { refuse, validateForm, emptyForm } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, request }) => {
	if (locals.person) redirect(303, '/');
	const inviteToken = url.searchParams.get('invite') ?? '';
	const form = await emptyForm(signUpSchema);
	form.data.invite = inviteToken;
	// After a sign-up post the invitation's state is left out: a new account has just used
	// it and a known email has not, so showing it would tell the two apart.
	const answersPost = request.method === 'POST';
	const invitation = inviteToken && !answersPost ? await inspectInvitation(inviteToken) : null;
	if (invitation?.ok && invitation.email) form.data.email = invitation.email;
	return { form, firstAccount: await isFirstSignUp(), invitation };
};

export const actions: Actions = {
	// Whether the email already had an account is never part of the answer: both get the
	// same confirmation, and the owner of a known one is told by email (requestSignUp).
	default: async (event) => {
		const form = await validateForm(event, signUpSchema);
		if (!form.valid) return fail(400, { form: { ...form, data: { ...form.data, password: '' } } });
		let answer: SignUpAnswer;
		try {
			answer = await requestSignUp(
				{ ...form.data, inviteToken: form.data.invite || undefined },
				event.getClientAddress()
			);
		} catch (err) {
			form.data.password = '';
			if (err instanceof TryLaterError) {
				const text: FormMessage = { type: 'error', text: err.message };
				return message(form, text, { status: err.status });
			}
			return refuse(form, err);
		}
		if (answer.signInAs !== null) {
			await startSession(event, answer.signInAs);
			redirect(303, '/');
		}
		form.data.password = '';
		const done: FormMessage = { type: 'success', text: SIGN_UP_DONE };
		return message(form, done);
	}
};
