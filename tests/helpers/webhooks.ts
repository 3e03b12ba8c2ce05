// A real HTTP server in front of the webhook endpoint's +server handler, and signing helpers
// for each source: tests post over HTTP with fetch exactly as Zendesk, Freshdesk, Jira and
// Asana do, and the handler reads the raw body from the socket.
import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
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
		let response: Response;
		try {
			response = await POST({ params: { id: match[1] }, request } as unknown as Event);
		} catch (err) {
			// A failure the handler did not answer is the test's to see, not a hung request.
			response = Response.json({ outcome: null, message: String(err) }, { status: 500 });
		}
		const answer = Buffer.from(await response.arrayBuffer());
		const headers: Record<string, string> = Object.fromEntries(response.headers);
		if (!req.complete) {
			// Unread (oversized) bytes are drained, then the connection closes: no reset
			// while the client is still sending, and no half-read body on a kept-alive socket.
			req.resume();
			await Promise.race([once(req, 'end'), once(req, 'close'), sleep(2_000)]).catch(() => {});
			headers.connection = 'close';
		}
		res.writeHead(response.status, headers);
		res.end(answer);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	const base = `http://127.0.0.1:${port}`;
	return {
		/** Posts `body` as the tool would (a fresh connection each) and answers status, JSON, headers. */
		post(integrationId: number, body: string, headers: Record<string, string> = {}) {
			return postOnce(`${base}/api/integrations/${integrationId}/webhook`, body, headers);
		},
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}

/** One POST on its own connection (no kept-alive socket for a closing server to reset). */
function postOnce(url: string, body: string, headers: Record<string, string>) {
	return new Promise<{
		status: number;
		outcome: string | null;
		message: string;
		headers: Headers;
	}>((resolve, reject) => {
		const req = httpRequest(
			url,
			{
				method: 'POST',
				agent: false,
				headers: {
					'content-type': 'application/json',
					'content-length': Buffer.byteLength(body),
					...headers
				}
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('error', reject);
				res.on('end', () => {
					const answer = new Headers();
					for (const [name, value] of Object.entries(res.headers)) {
						if (typeof value === 'string') answer.set(name, value);
					}
					const json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
					resolve({ status: res.statusCode ?? 0, ...json, headers: answer });
				});
			}
		);
		req.on('error', reject);
		req.end(body);
	});
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
