import { error, redirect } from '@sveltejs/kit';
import { safeRedirectTarget } from '$lib/server/auth';
import { readForm } from '$lib/server/forms';
import type { RequestHandler } from './$types';

const THEMES = ['light', 'dark', 'system'] as const;

/** Remembers the theme choice in a cookie so the server renders it on the first paint. */
export const POST: RequestHandler = async ({ request, cookies, url }) => {
	// A JSON or other non-form body is a 400 here, not a parse failure (a 500).
	const form = await readForm(request);
	const theme = String(form.get('theme') ?? '');
	if (!THEMES.includes(theme as (typeof THEMES)[number])) error(400, 'Unknown theme.');
	cookies.set('theme', theme, {
		path: '/',
		httpOnly: false,
		sameSite: 'lax',
		maxAge: 365 * 86_400,
		secure: url.protocol === 'https:'
	});
	if (request.headers.get('accept')?.includes('application/json'))
		return new Response(null, { status: 204 });
	redirect(303, safeRedirectTarget(String(form.get('back') ?? '/')));
};
