import { fail, redirect } from '@sveltejs/kit';
import { signInSchema } from '$lib/auth/schemas';
import { sessionEndMessage } from '$lib/auth/session-end';
import { authenticate, isFirstSignUp, TryLaterError } from '$lib/server/auth';
import { safeRedirectTarget, startSession } from '$lib/server/auth';
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD, demoSignIns } from '$lib/server/seed';
import { message } from 'sveltekit-superforms';
import type { FormMessage } from '$lib/forms';
import { refuse, validateForm, emptyForm } from '$lib/server/forms';
import { getWorkspace } from '$lib/server/workspace';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.person) redirect(303, safeRedirectTarget(url.searchParams.get('redirectTo')));
	const workspace = await getWorkspace();
	return {
		// Sent here because the session ended: say why instead of a bare sign-in form.
		ended: sessionEndMessage(url.searchParams.get('ended')),
		form: await emptyForm(signInSchema),
		noAccountsYet: await isFirstSignUp(),
		// Only a demo workspace shows its sign-ins: its people are sample data.
		demo: workspace.isDemo
			? { email: DEMO_ADMIN_EMAIL, password: DEMO_PASSWORD, people: demoSignIns() }
			: null
	};
};

export const actions: Actions = {
	default: async (event) => {
		const form = await validateForm(event, signInSchema);
		if (!form.valid) return fail(400, { form: { ...form, data: { ...form.data, password: '' } } });
		let personId: number;
		try {
			personId = await authenticate(form.data.email, form.data.password, event.getClientAddress());
		} catch (err) {
			form.data.password = '';
			// Too many tries, or the server is busy: said with 429/503 and how long to wait.
			if (err instanceof TryLaterError) {
				const text: FormMessage = { type: 'error', text: err.message };
				return message(form, text, { status: err.status });
			}
			return refuse(form, err);
		}
		await startSession(event, personId);
		redirect(303, safeRedirectTarget(event.url.searchParams.get('redirectTo')));
	}
};
