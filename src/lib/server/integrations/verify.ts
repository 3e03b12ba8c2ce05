// Checking that a delivery really comes from the tool: each source's signature over the
// raw bytes, compared in constant time. Nothing here parses the body; a delivery is only
// read once it has passed.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IntegrationSource } from '$lib/integrations/schemas';

/** Zendesk signs a timestamp with the body; older or newer than this is a replay. */
export const REPLAY_WINDOW_MS = 5 * 60_000;

export type Verdict = { ok: true; deliveryKey: string | null } | { ok: false; reason: string };

/** The headers a check reads, lower case (a Headers object answers any case). */
type HeaderReader = { get(name: string): string | null };

export const sha256Hex = (bytes: Uint8Array | string) =>
	createHash('sha256').update(bytes).digest('hex');

export const hmac = (key: string, ...parts: (Uint8Array | string)[]) => {
	const mac = createHmac('sha256', key);
	for (const part of parts) mac.update(part);
	return mac.digest();
};

/** Equal in constant time; a length mismatch is answered at once (the length is no secret). */
export function sameBytes(given: Buffer, expected: Buffer): boolean {
	return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A fresh secret for the admin to paste into the tool: 32 random bytes, URL-safe. */
export function newSecret(): string {
	return randomBytes(32).toString('base64url');
}

/** What is stored to verify with: the HMAC key itself, or the shared token's hash. */
export function verifierFor(source: IntegrationSource, secret: string): string {
	return source === 'freshdesk' ? sha256Hex(secret) : secret;
}

function decoded(text: string, encoding: 'base64' | 'hex'): Buffer | null {
	const pattern = encoding === 'hex' ? /^[0-9a-f]+$/i : /^[A-Za-z0-9+/]+={0,2}$/;
	return pattern.test(text) && text.length <= 256 ? Buffer.from(text, encoding) : null;
}

function zendesk(verifier: string, headers: HeaderReader, body: Uint8Array, now: number): Verdict {
	const signature = headers.get('x-zendesk-webhook-signature');
	const timestamp = headers.get('x-zendesk-webhook-signature-timestamp');
	if (!signature || !timestamp) return { ok: false, reason: 'Unsigned: no Zendesk signature.' };
	const given = decoded(signature.trim(), 'base64');
	if (!given || !sameBytes(given, hmac(verifier, timestamp, body))) {
		return { ok: false, reason: 'The Zendesk signature does not match.' };
	}
	const at = Date.parse(timestamp);
	if (!Number.isFinite(at) || Math.abs(now - at) > REPLAY_WINDOW_MS) {
		return { ok: false, reason: 'The signature’s timestamp is outside the 5-minute window.' };
	}
	// Zendesk retries an invocation with its id; the signature itself names one delivery.
	const invocation = headers.get('x-zendesk-webhook-invocation-id');
	return { ok: true, deliveryKey: invocation ? `invocation:${invocation}` : `sig:${signature}` };
}

function freshdesk(verifier: string, headers: HeaderReader): Verdict {
	let token = headers.get('x-tandem-secret');
	const auth = headers.get('authorization');
	if (!token && auth?.toLowerCase().startsWith('basic ')) {
		const pair = Buffer.from(auth.slice(6).trim(), 'base64').toString('utf8');
		token = pair.slice(pair.indexOf(':') + 1);
	}
	if (!token) return { ok: false, reason: 'Unsigned: no secret header or basic auth.' };
	const ok = sameBytes(Buffer.from(sha256Hex(token), 'hex'), Buffer.from(verifier, 'hex'));
	// Freshdesk sends no delivery id: a repeat is the same body for the same ticket.
	return ok ? { ok: true, deliveryKey: null } : { ok: false, reason: 'The secret does not match.' };
}

function jira(verifier: string, headers: HeaderReader, body: Uint8Array): Verdict {
	const header = headers.get('x-hub-signature')?.trim();
	if (!header) return { ok: false, reason: 'Unsigned: no X-Hub-Signature.' };
	const given = header.startsWith('sha256=') ? decoded(header.slice(7), 'hex') : null;
	if (!given || !sameBytes(given, hmac(verifier, body))) {
		return { ok: false, reason: 'The Jira signature does not match.' };
	}
	const id = headers.get('x-atlassian-webhook-identifier');
	return { ok: true, deliveryKey: id ? `jira:${id}` : `body:${sha256Hex(body)}` };
}

function asana(verifier: string, headers: HeaderReader, body: Uint8Array): Verdict {
	const header = headers.get('x-hook-signature')?.trim();
	if (!header) return { ok: false, reason: 'Unsigned: no X-Hook-Signature.' };
	const given = decoded(header, 'hex');
	if (!given || !sameBytes(given, hmac(verifier, body))) {
		return { ok: false, reason: 'The Asana signature does not match.' };
	}
	// Asana retries with the same body, and each body's events carry their own times.
	return { ok: true, deliveryKey: `body:${sha256Hex(body)}` };
}

/** Whether the delivery is signed by the integration's secret, and the key that names it. */
export function verifyDelivery(
	source: IntegrationSource,
	verifier: string,
	headers: HeaderReader,
	body: Uint8Array,
	now: number
): Verdict {
	switch (source) {
		case 'zendesk':
			return zendesk(verifier, headers, body, now);
		case 'freshdesk':
			return freshdesk(verifier, headers);
		case 'jira':
			return jira(verifier, headers, body);
		case 'asana':
			return asana(verifier, headers, body);
	}
}
