import { error, redirect, type Cookies, type RequestEvent } from '@sveltejs/kit';
import type { SessionEnd } from '$lib/auth/session-end';
import { createSession, generateSessionToken, SESSION_COOKIE, type SessionPerson } from './session';

/**
 * Only same-site paths are followed after sign-in; anything else goes home. Browsers drop
 * tabs and newlines from URLs and read `\` as `/`, so any of those could turn a path into
 * `//elsewhere`: such targets are refused outright.
 */
export function safeRedirectTarget(target: string | null | undefined): string {
	if (!target || !target.startsWith('/') || target.startsWith('//')) return '/';
	// eslint-disable-next-line no-control-regex
	if (/[\u0000-\u001f\u007f\\]/.test(target)) return '/';
	// As a URL on our own origin: anything beyond Latin-1 (`/people?q=Zoë`, an emoji) is
	// percent-encoded, since a Location header that holds it throws while being set.
	const url = new URL(target, 'http://tandem.invalid');
	if (url.origin !== 'http://tandem.invalid') return '/';
	return url.pathname + url.search + url.hash;
}

/** The sign-in page that comes back to `url`, saying why the session ended if it did. */
export function loginUrl(url: URL, ended?: SessionEnd | null): string {
	const back = url.pathname + url.search;
	const query = new URLSearchParams();
	if (back !== '/') query.set('redirectTo', back);
	if (ended) query.set('ended', ended);
	const search = query.toString();
	return search ? `/login?${search}` : '/login';
}

/** The signed-in person, or a redirect to the sign-in page that comes back here after. */
export function requirePerson(event: Pick<RequestEvent, 'locals' | 'url'>): SessionPerson {
	if (!event.locals.person) redirect(303, loginUrl(event.url, event.locals.sessionEnded));
	return event.locals.person;
}

/** The signed-in admin; a member gets 403. */
export function requireAdmin(event: Pick<RequestEvent, 'locals' | 'url'>): SessionPerson {
	const person = requirePerson(event);
	if (person.role !== 'admin') error(403, 'Only workspace admins can do this.');
	return person;
}

export function setSessionCookie(
	cookies: Cookies,
	token: string,
	expiresAt: Date,
	secure: boolean
): void {
	cookies.set(SESSION_COOKIE, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure,
		expires: expiresAt
	});
}

export function clearSessionCookie(cookies: Cookies, secure: boolean): void {
	cookies.delete(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure });
}

/**
 * Signs `personId` in on this browser: a fresh session token (so one planted before sign-in
 * is worthless) in the session cookie.
 */
export async function startSession(event: RequestEvent, personId: number): Promise<void> {
	const token = generateSessionToken();
	const session = await createSession(token, personId, {
		userAgent: event.request.headers.get('user-agent'),
		ipAddress: event.getClientAddress()
	});
	setSessionCookie(event.cookies, token, session.expiresAt, event.url.protocol === 'https:');
}
