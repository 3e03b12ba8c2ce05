import { isHttpError, isRedirect, type Cookies } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import {
	clearSessionCookie,
	loginUrl,
	requireAdmin,
	requirePerson,
	safeRedirectTarget,
	setSessionCookie
} from '../../src/lib/server/auth';
import { SESSION_COOKIE, type SessionPerson } from '../../src/lib/server/auth';

const ORIGIN = 'https://tandem.example';

/** Where a browser would end up after a redirect to `target` from our origin. */
function landsOn(target: string): string {
	return new URL(target, ORIGIN).origin;
}

describe('safeRedirectTarget', () => {
	it('keeps same-site paths with their query and hash', () => {
		for (const path of ['/', '/people', '/people?team=3&q=a%20b', '/admin/teams#new', '/a//b']) {
			expect(safeRedirectTarget(path)).toBe(path);
		}
	});

	it('sends missing or empty targets home', () => {
		expect(safeRedirectTarget(null)).toBe('/');
		expect(safeRedirectTarget(undefined)).toBe('/');
		expect(safeRedirectTarget('')).toBe('/');
	});

	const attacks = [
		'//evil.com',
		'//evil.com/path',
		'///evil.com',
		'/\\evil.com',
		'/\\/evil.com',
		'\\\\evil.com',
		'\\/evil.com',
		'https://evil.com',
		'http://evil.com/people',
		'HTTPS://evil.com',
		'javascript:alert(1)',
		'data:text/html,<script>alert(1)</script>',
		'evil.com',
		' //evil.com',
		'people'
	];
	it.each(attacks)('sends the open-redirect attempt %j home', (target) => {
		expect(safeRedirectTarget(target)).toBe('/');
	});

	it('never returns a target that leaves the site', () => {
		for (const target of [...attacks, '/ok', '/people?x=//evil.com']) {
			expect(landsOn(safeRedirectTarget(target)), target).toBe(ORIGIN);
		}
	});

	// Browsers strip ASCII tab and newline from URLs, so '/\t/evil.com' (sent as
	// ?redirectTo=/%09/evil.com) would become '//evil.com'.
	it('sends targets hiding "//" behind a tab or newline home', () => {
		for (const target of ['/\t/evil.com', '/\n/evil.com', '/\r\n/evil.com', '/\t\\evil.com']) {
			expect(landsOn(target), target).not.toBe(ORIGIN);
			expect(safeRedirectTarget(target), JSON.stringify(target)).toBe('/');
		}
	});
});

describe('loginUrl', () => {
	it('needs no redirect from the home page', () => {
		expect(loginUrl(new URL(`${ORIGIN}/`))).toBe('/login');
	});

	it('comes back to the page and query that asked for sign-in', () => {
		const url = loginUrl(new URL(`${ORIGIN}/people?q=ann&team=2`));
		expect(url).toBe('/login?redirectTo=%2Fpeople%3Fq%3Dann%26team%3D2');
		const back = new URL(url, ORIGIN).searchParams.get('redirectTo');
		expect(safeRedirectTarget(back)).toBe('/people?q=ann&team=2');
	});
});

const member: SessionPerson = {
	id: 7,
	name: 'Mia Member',
	email: 'mia@example.com',
	role: 'member',
	teamId: null,
	teamName: null,
	departmentId: null,
	departmentName: null,
	departmentKind: null
};
const admin: SessionPerson = { ...member, id: 1, name: 'Ada Admin', role: 'admin' };

function event(person: SessionPerson | null, path = '/admin/people') {
	return { locals: { person }, url: new URL(`${ORIGIN}${path}`) } as Parameters<
		typeof requirePerson
	>[0];
}

function thrown(fn: () => unknown): unknown {
	try {
		fn();
	} catch (err) {
		return err;
	}
	throw new Error('expected a throw');
}

describe('requirePerson / requireAdmin', () => {
	it('redirects a visitor to sign-in and back', () => {
		const err = thrown(() => requirePerson(event(null, '/people?q=x')));
		expect(isRedirect(err)).toBe(true);
		if (!isRedirect(err)) return;
		expect(err.status).toBe(303);
		expect(err.location).toBe('/login?redirectTo=%2Fpeople%3Fq%3Dx');
	});

	it('returns the signed-in person', () => {
		expect(requirePerson(event(member))).toBe(member);
		expect(requireAdmin(event(admin))).toBe(admin);
	});

	it('refuses a member with 403 and a readable message', () => {
		const err = thrown(() => requireAdmin(event(member)));
		expect(isHttpError(err)).toBe(true);
		if (!isHttpError(err)) return;
		expect(err.status).toBe(403);
		expect(err.body.message).toBe('Only workspace admins can do this.');
	});

	it('redirects a visitor away from admin pages rather than answering 403', () => {
		const err = thrown(() => requireAdmin(event(null)));
		expect(isRedirect(err)).toBe(true);
	});
});

describe('session cookie', () => {
	function recordingCookies() {
		const calls: { op: string; name: string; value?: string; options: Record<string, unknown> }[] =
			[];
		const cookies = {
			set: (name: string, value: string, options: Record<string, unknown>) =>
				calls.push({ op: 'set', name, value, options }),
			delete: (name: string, options: Record<string, unknown>) =>
				calls.push({ op: 'delete', name, options })
		} as unknown as Cookies;
		return { cookies, calls };
	}

	it('is HttpOnly, SameSite=Lax, site-wide and expires with the session', () => {
		const { cookies, calls } = recordingCookies();
		const expires = new Date('2030-01-02T03:04:05Z');
		setSessionCookie(cookies, 'abc.def', expires, true);
		expect(calls).toEqual([
			{
				op: 'set',
				name: SESSION_COOKIE,
				value: 'abc.def',
				options: { path: '/', httpOnly: true, sameSite: 'lax', secure: true, expires }
			}
		]);
	});

	it('is deleted with the same path and flags', () => {
		const { cookies, calls } = recordingCookies();
		clearSessionCookie(cookies, false);
		expect(calls).toEqual([
			{
				op: 'delete',
				name: SESSION_COOKIE,
				options: { path: '/', httpOnly: true, sameSite: 'lax', secure: false }
			}
		]);
	});
});
