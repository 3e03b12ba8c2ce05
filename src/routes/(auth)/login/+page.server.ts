import { fail, redirect } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { signInSchema } from '$lib/auth/schemas';
import { authenticate, isFirstSignUp } from '$lib/server/auth';
import { safeRedirectTarget, startSession } from '$lib/server/auth';
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD, demoSignIns } from '$lib/server/seed';
import { refuse } from '$lib/server/forms';
import { getWorkspace } from '$lib/server/workspace';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.person) redirect(303, safeRedirectTarget(url.searchParams.get('redirectTo')));
	const workspace = await getWorkspace();
	return {
		form: await superValidate(zod4(signInSchema)),
		noAccountsYet: await isFirstSignUp(),
		// Only a demo workspace shows its sign-ins: its people are sample data.
		demo: workspace.isDemo
			? { email: DEMO_ADMIN_EMAIL, password: DEMO_PASSWORD, people: demoSignIns() }
			: null
	};
};

export const actions: Actions = {
	default: async (event) => {
		const form = await superValidate(event.request, zod4(signInSchema));
		if (!form.valid) return fail(400, { form: { ...form, data: { ...form.data, password: '' } } });
		let personId: number;
		try {
			personId = await authenticate(form.data.email, form.data.password, event.getClientAddress());
		} catch (err) {
			form.data.password = '';
			return refuse(form, err);
		}
		await startSession(event, personId);
		redirect(303, safeRedirectTarget(event.url.searchParams.get('redirectTo')));
	}
};
