// Real receivers for outgoing messages, started by a test on free ports: an SMTP server
// (smtp-server, read back with mailparser) and an HTTP server standing in for Slack and
// Teams incoming webhooks.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server on a free port; `refuse` makes it turn down the next N mails. */
export async function startSmtp(port = 0) {
	const received: ParsedMail[] = [];
	const state = { refuse: 0 };
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		disableReverseLookup: true,
		logger: false,
		onData(stream, _session, callback) {
			simpleParser(stream).then(
				(mail) => {
					if (state.refuse > 0) {
						state.refuse--;
						const err = Object.assign(new Error('Mailbox busy, try later'), {
							responseCode: 451
						});
						callback(err);
						return;
					}
					received.push(mail);
					callback();
				},
				(err: Error) => callback(err)
			);
		}
	});
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	const address = server.server.address() as AddressInfo;
	return {
		received,
		state,
		port: address.port,
		url: `smtp://127.0.0.1:${address.port}`,
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}

export interface Hit {
	path: string;
	headers: IncomingHttpHeaders;
	body: unknown;
}

/**
 * A webhook receiver: records every POST, answers 500 to the first `failFirst` of them, and
 * keeps the first `holdFirst` waiting for their answer until `release()` (a slow receiver).
 */
export async function startWebhooks(failFirst = 0, { holdFirst = 0 } = {}) {
	const hits: Hit[] = [];
	let failures = failFirst;
	let holds = holdFirst;
	let release = () => {};
	const released = new Promise<void>((resolve) => (release = resolve));
	const server: Server = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			hits.push({
				path: request.url ?? '',
				headers: request.headers,
				body: JSON.parse(Buffer.concat(chunks).toString('utf8'))
			});
			if (failures > 0) {
				failures--;
				response.writeHead(500).end('upstream sad');
				return;
			}
			const answer = () => response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
			if (holds > 0) {
				holds--;
				void released.then(answer);
				return;
			}
			answer();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		hits,
		base: `http://127.0.0.1:${port}`,
		release,
		close: () => {
			release();
			return new Promise<void>((resolve) => server.close(() => resolve()));
		}
	};
}
