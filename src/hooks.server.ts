import { error, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import {
	clearSessionCookie,
	SESSION_COOKIE,
	setSessionCookie,
	signUpRefusalNow,
	startAuthHousekeeping,
	validateSessionToken
} from '$lib/server/auth';
import { NUL_REFUSED } from '$lib/server/form-input';
import { startJobRunner } from '$lib/server/jobs';
import { registerModules, startModules } from '$lib/server/modules';
// Registers the email and chat delivery job on every node.
import '$lib/server/outbox';
import { startRealtime } from '$lib/server/realtime';
import {
	DATABASE_UNAVAILABLE,
	DATABASE_UNAVAILABLE_CODE,
	isDatabaseUnavailable,
	reportDatabaseOutage
} from '$lib/server/resilience';
import { startServer } from '$lib/server/startup';
import { logFor } from '$lib/server/log';
import { metrics } from '$lib/server/metrics';
import { randomUUID } from 'node:crypto';

const log = logFor('http');

export const init: ServerInit = async () => {
	await startServer();
	registerModules();
	startRealtime();
	await startModules();
	await startAuthHousekeeping();
	startJobRunner();
};

/** Probes answer from their own checks: liveness must never wait on the database. */
const PROBES = new Set(['/healthz', '/readyz', '/api/health', '/metrics']);

/** A request id a proxy sent, if it is a plain token; otherwise a fresh one. */
function requestIdOf(request: Request): string {
	const given = request.headers.get('x-request-id');
	return given && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
}

/**
 * One log line and one histogram sample per request: method, route id (never the full
 * address, which can carry invitation and reset tokens), status, duration, request id and
 * who asked. Probes and scrapes log at debug level: they come every few seconds.
 */
const logRequests: Handle = async ({ event, resolve }) => {
	const started = performance.now();
	const requestId = requestIdOf(event.request);
	event.locals.requestId = requestId;
	let status = 500;
	try {
		const response = await resolve(event);
		status = response.status;
		try {
			response.headers.set('x-request-id', requestId);
		} catch {
			// A response with immutable headers keeps its own.
		}
		return response;
	} catch (err) {
		// error() and redirect() thrown from a hook are answers, not failures.
		const thrown = err as { status?: number };
		if (typeof thrown?.status === 'number') status = thrown.status;
		throw err;
	} finally {
		const ms = performance.now() - started;
		const route = event.route.id ?? 'unmatched';
		metrics.httpDuration.observe(
			{ route, method: event.request.method, status: String(status) },
			ms / 1000
		);
		const line = {
			method: event.request.method,
			route,
			status,
			ms: Math.round(ms * 10) / 10,
			requestId,
			personId: event.locals.person?.id ?? null
		};
		if (PROBES.has(event.url.pathname)) log.debug(line, 'request');
		else log.info(line, 'request');
	}
};

/**
 * A database outage is answered 503 with a plain sentence, never a 500: thrown while
 * resolving the session (the static error page), or met by a load or an action
 * (handleError marks it; the error page and JSON errors are rendered with status 500).
 */
const answerOutages: Handle = async ({ event, resolve }) => {
	let response: Response;
	try {
		response = await resolve(event);
	} catch (err) {
		if (!isDatabaseUnavailable(err)) throw err;
		reportDatabaseOutage(err, `${event.request.method} ${event.url.pathname}`);
		error(503, { message: DATABASE_UNAVAILABLE, code: DATABASE_UNAVAILABLE_CODE });
	}
	if (!event.locals.databaseDown || response.status !== 500) return response;
	const headers = new Headers(response.headers);
	headers.set('retry-after', '5');
	return new Response(response.body, { status: 503, headers });
};

/**
 * An address with a NUL character (`%00`) is refused before anything reads it: PostgreSQL
 * refuses NUL in text, so a search for it would otherwise fail as a server error. Form
 * bodies get the same check where they are read (`$lib/server/forms`).
 */
const refuseNulInAddress: Handle = async ({ event, resolve }) => {
	if (/%00/i.test(event.url.pathname + event.url.search)) error(400, NUL_REFUSED);
	return resolve(event);
};

/**
 * A flood of sign-up posts is turned away here, before its page is rendered, once the
 * sign-up already refuses them anyway (the address or everybody used up the window, or the
 * sign-up door is full): rendering 300 pages would keep people who sign in waiting. The
 * answer is the plain error page with the same sentence the form would show.
 */
const turnAwaySignUpFloods: Handle = async ({ event, resolve }) => {
	if (event.request.method === 'POST' && event.route.id === '/(auth)/signup') {
		const refusal = signUpRefusalNow(event.getClientAddress());
		if (refusal) error(refusal.status, refusal.message);
	}
	return resolve(event);
};

/** Resolves the session cookie into locals.person, renewing or clearing the cookie. */
const authenticate: Handle = async ({ event, resolve }) => {
	event.locals.person = null;
	event.locals.session = null;
	if (PROBES.has(event.url.pathname)) return resolve(event);
	await startServer();
	const token = event.cookies.get(SESSION_COOKIE);
	const secure = event.url.protocol === 'https:';
	if (token) {
		const result = await validateSessionToken(token);
		if (result) {
			event.locals.person = result.person;
			event.locals.session = result.session;
			if (result.session.renewed)
				setSessionCookie(event.cookies, token, result.session.expiresAt, secure);
		} else {
			clearSessionCookie(event.cookies, secure);
		}
	}
	return resolve(event);
};

/**
 * Central gate for writes: a form action or other POST under (app) needs a signed-in
 * person, and under (app)/admin an admin. Pages are guarded by their layouts (which
 * render the friendly error page) and every action checks again itself; this gate
 * catches a forgotten check.
 */
const authoriseWrites: Handle = async ({ event, resolve }) => {
	const routeId = event.route.id ?? '';
	const isRead = event.request.method === 'GET' || event.request.method === 'HEAD';
	if (!isRead && routeId.startsWith('/(app)')) {
		if (!event.locals.person) error(401, 'Sign in to continue.');
		if (routeId.startsWith('/(app)/admin') && event.locals.person.role !== 'admin') {
			error(403, 'Only workspace admins can do this.');
		}
	}
	return resolve(event);
};

/** Renders the chosen theme into <html> so the first paint is already right. */
const theme: Handle = async ({ event, resolve }) => {
	const chosen = event.cookies.get('theme');
	event.locals.theme = chosen === 'light' || chosen === 'dark' ? chosen : 'system';
	return resolve(event, {
		transformPageChunk: ({ html }) => html.replace('%tandem.theme%', event.locals.theme)
	});
};

/**
 * Headers every answer carries (the CSP itself comes from kit.csp in svelte.config.js):
 * no framing, no MIME sniffing, no full URLs leaking to other sites, HSTS once the app is
 * served over https, and nothing a signed-in person sees kept in a shared or back cache.
 */
const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const set = (name: string, value: string) => {
		if (!response.headers.has(name)) response.headers.set(name, value);
	};
	try {
		set('x-frame-options', 'DENY');
		set('x-content-type-options', 'nosniff');
		set('referrer-policy', 'strict-origin-when-cross-origin');
		if (event.url.protocol === 'https:') set('strict-transport-security', 'max-age=31536000');
		const type = response.headers.get('content-type') ?? '';
		const personal = type.startsWith('text/html') || event.isDataRequest;
		if (event.locals.person && personal) set('cache-control', 'private, no-store');
	} catch {
		// A response with immutable headers (a fetched one passed through) keeps its own.
	}
	return response;
};

export const handle = sequence(
	logRequests,
	securityHeaders,
	turnAwaySignUpFloods,
	answerOutages,
	refuseNulInAddress,
	authenticate,
	authoriseWrites,
	theme
);

/** Logs the details; the person only ever sees a plain sentence. */
export const handleError: HandleServerError = ({ error: err, event, status, message }) => {
	if (status === 404) return { message: 'This page does not exist.' };
	if (isDatabaseUnavailable(err)) {
		event.locals.databaseDown = true;
		reportDatabaseOutage(err, `${event.request.method} ${event.url.pathname}`);
		return { message: DATABASE_UNAVAILABLE, code: DATABASE_UNAVAILABLE_CODE };
	}
	metrics.unexpectedErrors.inc();
	log.error(
		{ err, requestId: event.locals.requestId, route: event.route.id, status },
		'unexpected error'
	);
	return {
		message: status >= 500 ? 'Something went wrong on our side. Please try again.' : message
	};
};
