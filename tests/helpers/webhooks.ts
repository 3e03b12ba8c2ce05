// A real HTTP server in front of the webhook endpoint's +server handler, and signing helpers
// for each source: tests post over HTTP with fetch exactly as Zendesk, Freshdesk, Jira and
// Asana do, and the handler reads the raw body from the socket.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { createHmac } from 'node:crypto';
import { POST } from '../../src/routes/api/integrations/[id=id]/webhook/+server';

type Event = Parameters<typeof POST>[0];

function headersOf(req: IncomingMessage): Headers {
	const headers = new Headers();
	for (const [name, value] of Object.entries(req.headers)) {
		if (typeof value === 'string') headers.set(name, value);
		else if (Array.isArray(value)) headers.set(name, value.join(', '));
	}
	return headers;
}

/** Serves `POST /api/integrations/<id>/webhook` through the route's handler on a free port. */
export async function startWebhookEndpoint() {
	const server = createServer(async (req, res) => {
		const match = req.url?.match(/^\/api\/integrations\/([1-9]\d{0,9})\/webhook$/);
		if (!match || req.method !== 'POST') {
			res.writeHead(404).end();
			return;
		}
		// The body is streamed to the handler as the socket delivers it, as adapter-node does.
		const request = new Request(`http://127.0.0.1${req.url}`, {
			method: 'POST',
			headers: headersOf(req),
			body: Readable.toWeb(req) as ReadableStream,
			duplex: 'half'
		} as RequestInit);
		// A handler that stops reading early (an oversized body) must not reset the socket
		// before the answer: the rest is drained.
		req.on('error', () => {});
		const response = await POST({ params: { id: match[1] }, request } as unknown as Event);
		const answer = Buffer.from(await response.arrayBuffer());
		if (!req.complete) req.resume();
		res.writeHead(response.status, {
			...Object.fromEntries(response.headers),
			connection: 'close'
		});
		res.end(answer);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	const base = `http://127.0.0.1:${port}`;
	return {
		/** Posts `body` as the tool would and answers the status, JSON and headers. */
		async post(integrationId: number, body: string, headers: Record<string, string> = {}) {
			const response = await fetch(`${base}/api/integrations/${integrationId}/webhook`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', ...headers },
				body
			});
			const json = (await response.json()) as { outcome: string | null; message: string };
			return { status: response.status, ...json, headers: response.headers };
		},
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}

const mac = (key: string, ...parts: string[]) => {
	const h = createHmac('sha256', key);
	for (const part of parts) h.update(part);
	return h.digest();
};

/** Zendesk's headers: base64 HMAC over timestamp + body. */
export function zendeskHeaders(secret: string, body: string, at = new Date()) {
	const timestamp = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
	return {
		'x-zendesk-webhook-signature': mac(secret, timestamp, body).toString('base64'),
		'x-zendesk-webhook-signature-timestamp': timestamp
	};
}

/** Jira Cloud's headers: `sha256=<hex>` and the delivery's identifier. */
export function jiraHeaders(secret: string, body: string, deliveryId: string) {
	return {
		'x-hub-signature': `sha256=${mac(secret, body).toString('hex')}`,
		'x-atlassian-webhook-identifier': deliveryId
	};
}

/** Asana's header: hex HMAC over the body with the handshake's secret. */
export function asanaHeaders(secret: string, body: string) {
	return { 'x-hook-signature': mac(secret, body).toString('hex') };
}
