// The outbox against real receivers started here: an SMTP server (smtp-server, read back
// with mailparser) and an HTTP server standing in for Slack and Teams webhooks. Delivery
// runs through the real job runner on the real database.
import { isHttpError } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SessionPerson } from '../../src/lib/server/auth/session';
import { createJobRunner, type JobRunner } from '../../src/lib/server/jobs';
import {
	enqueueChat,
	enqueueEmail,
	messageIdFor,
	outboxMessage,
	type OutboxEntry
} from '../../src/lib/server/outbox';
import { load as loadOutboxPage } from '../../src/routes/(app)/admin/outbox/+page.server';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { startSmtp, startWebhooks } from '../helpers/receivers';
import { refusal } from '../helpers/refusal';

let testDb: TestDatabase;
let runner: JobRunner;
const FROM = 'Tandem Test <robot@tandem.test>';

async function messageByKey(key: string) {
	const [row] = await testDb.db.select().from(outboxMessage).where(eq(outboxMessage.key, key));
	return row;
}

/** Runs due jobs until the message has left the pending state (or fails the test). */
async function deliveredState(key: string, ms = 15_000) {
	const until = Date.now() + ms;
	for (;;) {
		await runner.runDue();
		const row = await messageByKey(key);
		if (row && row.state !== 'pending') return row;
		if (Date.now() > until) throw new Error(`message ${key} still pending: ${row?.lastError}`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

beforeAll(async () => {
	testDb = await createTestDatabase();
	process.env.MAIL_FROM = FROM;
	// Short pauses between retries so the tests see several attempts quickly.
	runner = createJobRunner({ backoffBaseMs: 100, backoffMaxMs: 400 });
});

afterEach(() => {
	delete process.env.SMTP_URL;
});

afterAll(async () => {
	delete process.env.MAIL_FROM;
	await testDb?.destroy();
});

describe('email', () => {
	it('reaches the SMTP server with its recipient, subject, text and a stable Message-ID', async () => {
		const smtp = await startSmtp();
		process.env.SMTP_URL = smtp.url;
		try {
			await testDb.db.transaction((tx) =>
				enqueueEmail(tx, {
					key: 'welcome:7',
					to: 'dana@example.com',
					subject: 'Welcome to Tandem',
					text: 'Hello Dana,\n\nYour account is ready.'
				})
			);
			const row = await deliveredState('welcome:7');
			expect(row.state).toBe('sent');
			expect(row.attempts).toBe(1);
			expect(row.sentAt).toBeInstanceOf(Date);
			expect(smtp.received).toHaveLength(1);
			const [mail] = smtp.received;
			expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : mail.to).toBe('dana@example.com');
			expect(mail.from?.value).toEqual([{ name: 'Tandem Test', address: 'robot@tandem.test' }]);
			expect(mail.subject).toBe('Welcome to Tandem');
			expect(mail.text?.trim()).toBe('Hello Dana,\n\nYour account is ready.');
			expect(mail.messageId).toBe(messageIdFor('welcome:7', FROM));
			expect(mail.messageId).toMatch(/^<[0-9a-f]{32}@tandem\.test>$/);
		} finally {
			await smtp.close();
		}
	});

	it('is one email when the same key is queued twice', async () => {
		const smtp = await startSmtp();
		process.env.SMTP_URL = smtp.url;
		try {
			const mail = { key: 'digest:2026-11', to: 'lee@example.com', subject: 'Digest', text: 'Hi' };
			expect(await enqueueEmail(testDb.db, mail)).toEqual({ queued: true });
			expect(await enqueueEmail(testDb.db, { ...mail, text: 'Hi again' })).toEqual({
				queued: false
			});
			await deliveredState('digest:2026-11');
			await runner.runDue();
			expect(smtp.received.map((m) => m.text?.trim())).toEqual(['Hi']);
		} finally {
			await smtp.close();
		}
	});

	it('is retried while the server refuses it, then delivered once', async () => {
		const smtp = await startSmtp();
		smtp.state.refuse = 2;
		process.env.SMTP_URL = smtp.url;
		try {
			await enqueueEmail(testDb.db, {
				key: 'refused-then-ok',
				to: 'kim@example.com',
				subject: 'Second time lucky',
				text: 'Body'
			});
			await runner.runDue();
			const waiting = await messageByKey('refused-then-ok');
			expect(waiting.state).toBe('pending');
			expect(waiting.attempts).toBe(1);
			expect(waiting.lastError).toMatch(/451|try later/i);
			const row = await deliveredState('refused-then-ok');
			expect(row.state).toBe('sent');
			expect(row.attempts).toBe(3);
			expect(smtp.received.map((m) => m.subject)).toEqual(['Second time lucky']);
		} finally {
			await smtp.close();
		}
	});

	it('is retried while the server is down, and delivered once it is up', async () => {
		// Find a free port, then leave nothing listening on it.
		const probe = await startSmtp();
		const port = probe.port;
		await probe.close();
		process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
		await enqueueEmail(testDb.db, {
			key: 'down-then-up',
			to: 'ari@example.com',
			subject: 'Patience',
			text: 'Delivered after all'
		});
		for (let i = 0; i < 20; i++) {
			await runner.runDue();
			if ((await messageByKey('down-then-up')).attempts >= 2) break;
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
		const down = await messageByKey('down-then-up');
		expect(down.state).toBe('pending');
		expect(down.attempts).toBeGreaterThanOrEqual(2);
		expect(down.lastError).toMatch(/ECONNREFUSED|connect/i);

		const smtp = await startSmtp(port);
		try {
			const row = await deliveredState('down-then-up');
			expect(row.state).toBe('sent');
			expect(row.lastError).toBeNull();
			expect(smtp.received.map((m) => m.subject)).toEqual(['Patience']);
		} finally {
			await smtp.close();
		}
	});

	it('is kept, not sent, without SMTP_URL', async () => {
		await enqueueEmail(testDb.db, {
			key: 'kept:1',
			to: 'ops@example.com',
			subject: 'Kept for admins',
			text: 'Nobody to send me'
		});
		const row = await deliveredState('kept:1');
		expect(row.state).toBe('kept');
		expect(row.sentAt).toBeNull();
	});

	it('refuses bad input with a clear message and writes nothing', async () => {
		const bad = [
			{ key: 'bad:1', to: 'not an address', subject: 'S', text: 'T' },
			{ key: 'bad:2', to: 'a@example.com', subject: 'Two\r\nBcc: x@example.com', text: 'T' },
			{ key: '', to: 'a@example.com', subject: 'S', text: 'T' },
			{ key: 'bad:4', to: 'a@example.com', subject: 'S', text: '   ' }
		];
		const messages: string[] = [];
		for (const mail of bad) {
			messages.push((await refusal(enqueueEmail(testDb.db, mail))).message);
		}
		expect(messages).toEqual([
			'The recipient is not an email address.',
			'The subject must be one line.',
			'A message needs an idempotency key.',
			'The message has no text.'
		]);
		for (const key of ['bad:1', 'bad:2', 'bad:4']) expect(await messageByKey(key)).toBeUndefined();
	});
});

describe('chat', () => {
	it('posts the Slack and Teams payloads with an Idempotency-Key, retrying a 500', async () => {
		const hooks = await startWebhooks(1);
		try {
			await testDb.db.transaction(async (tx) => {
				await enqueueChat(tx, {
					key: 'bash-live:3:slack',
					channel: 'slack',
					webhookUrl: `${hooks.base}/services/T000/B000/secret`,
					text: 'The checkout bug bash is live'
				});
				await enqueueChat(tx, {
					key: 'bash-live:3:teams',
					channel: 'teams',
					webhookUrl: `${hooks.base}/webhookb2/secret`,
					text: 'The checkout bug bash is live\nJoin from Tandem'
				});
			});
			const slack = await deliveredState('bash-live:3:slack');
			const teams = await deliveredState('bash-live:3:teams');
			expect([slack.state, teams.state]).toEqual(['sent', 'sent']);
			// The first post got a 500 and was tried again; the other went through at once.
			expect(slack.attempts + teams.attempts).toBe(3);
			expect(hooks.hits).toHaveLength(3);

			const slackHits = hooks.hits.filter((h) => h.path === '/services/T000/B000/secret');
			const teamsHits = hooks.hits.filter((h) => h.path === '/webhookb2/secret');
			expect(slackHits.length + teamsHits.length).toBe(3);
			for (const hit of slackHits) {
				expect(hit.body).toEqual({ text: 'The checkout bug bash is live' });
				expect(hit.headers['idempotency-key']).toBe('bash-live:3:slack');
				expect(hit.headers['content-type']).toBe('application/json');
			}
			for (const hit of teamsHits) {
				expect(hit.body).toEqual({
					'@type': 'MessageCard',
					'@context': 'https://schema.org/extensions',
					summary: 'The checkout bug bash is live',
					text: 'The checkout bug bash is live\nJoin from Tandem'
				});
				expect(hit.headers['idempotency-key']).toBe('bash-live:3:teams');
			}
		} finally {
			await hooks.close();
		}
	});

	it('records the failure while the webhook keeps failing, and says why', async () => {
		const hooks = await startWebhooks(1_000);
		try {
			await enqueueChat(testDb.db, {
				key: 'always-500',
				channel: 'slack',
				webhookUrl: `${hooks.base}/hook`,
				text: 'Nobody hears this'
			});
			await runner.runDue();
			const row = await messageByKey('always-500');
			expect(row.state).toBe('pending');
			expect(row.attempts).toBe(1);
			expect(row.lastError).toBe('the webhook answered 500: upstream sad');
		} finally {
			await hooks.close();
		}
	});

	it('refuses a webhook address that is not http(s)', async () => {
		const err = await refusal(
			enqueueChat(testDb.db, {
				key: 'bad-hook',
				channel: 'slack',
				webhookUrl: 'file:///etc/passwd',
				text: 'x'
			})
		);
		expect(err.message).toBe('The webhook address must be an http(s) URL.');
		expect(await messageByKey('bad-hook')).toBeUndefined();
	});
});

describe('the admin outbox page', () => {
	const admin: SessionPerson = {
		id: 1,
		name: 'Alex Admin',
		email: 'alex@example.com',
		role: 'admin',
		teamId: null,
		teamName: null,
		departmentId: null,
		departmentName: null,
		departmentKind: null
	};

	interface OutboxPage {
		messages: OutboxEntry[];
		total: number;
		page: number;
		mail: { configured: boolean; server: string | null; from: string };
	}

	/** The page's load function, as SvelteKit calls it for this person. */
	async function visit(person: SessionPerson, path = '/admin/outbox'): Promise<OutboxPage> {
		const event = { locals: { person }, url: new URL(`http://tandem.test${path}`) };
		return (await loadOutboxPage(
			event as unknown as Parameters<typeof loadOutboxPage>[0]
		)) as OutboxPage;
	}

	it('shows admins the kept email, newest first, and that SMTP is not configured', async () => {
		const page = await visit(admin);
		expect(page.mail.configured).toBe(false);
		const kept = page.messages.find((m) => m.subject === 'Kept for admins');
		expect(kept).toMatchObject({
			channel: 'email',
			recipient: 'ops@example.com',
			state: 'kept',
			body: 'Nobody to send me'
		});
		const ids = page.messages.map((m) => m.id);
		expect(ids).toEqual([...ids].sort((a, b) => b - a));
		// Webhook addresses are secrets: only the host and the end are shown.
		const slack = page.messages.find((m) => m.channel === 'slack' && m.body.includes('checkout'));
		expect(slack?.recipient).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/…cret$/);
		expect(page.messages.some((m) => m.recipient.includes('B000'))).toBe(false);
	});

	it('says which SMTP server mail goes through, without its password', async () => {
		process.env.SMTP_URL = 'smtp://mailer:hunter2@mail.example.com:587';
		const page = await visit(admin);
		expect(page.mail).toEqual({
			configured: true,
			server: 'smtp://mail.example.com:587',
			from: FROM
		});
	});

	it('pages past the end to an empty list, not an error', async () => {
		const page = await visit(admin, '/admin/outbox?page=999');
		expect(page.messages).toEqual([]);
		expect(page.page).toBe(999);
		expect(page.total).toBeGreaterThan(0);
	});

	it('refuses a member', async () => {
		const err = await visit({ ...admin, id: 2, role: 'member' }).catch((e: unknown) => e);
		expect(isHttpError(err) && err.status).toBe(403);
	});
});
