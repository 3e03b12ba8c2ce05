import { redirect } from '@sveltejs/kit';
import { clearSessionCookie } from '$lib/server/auth';
import { invalidateSession } from '$lib/server/auth';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	if (!locals.person) redirect(303, '/login');
	return {};
};

export const actions: Actions = {
	default: async ({ locals, cookies, url }) => {
		if (locals.session) await invalidateSession(locals.session.id);
		clearSessionCookie(cookies, url.protocol === 'https:');
		redirect(303, '/login');
	}
};
