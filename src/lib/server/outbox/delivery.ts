// Delivering outbox messages, as the handler of their jobs, in lease mode: the job is
// claimed and committed, the message sent with no transaction open (on PGlite's single
// connection an open one would stall the whole app for the length of a send), and the
// result recorded in a second transaction. A failure throws: the runner records it here
// (onFailure) and retries with backoff. A node that dies mid-send leaves the job to another
// once its lease runs out, which means a resend: the stable Message-ID / Idempotency-Key
// let the receiver see it is one.
import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { createTransport } from 'nodemailer';
import { mailConfig } from '../config';
import { registerLeasedJobHandler } from '../jobs';
import { outboxMessage } from './schema';
import { DELIVER_MESSAGE } from './service';

type Message = typeof outboxMessage.$inferSelect;

/** How long a webhook may take to answer before the attempt counts as failed. */
const WEBHOOK_TIMEOUT_MS = 5_000;
/** Longer than the slowest send (SMTP: 5 s to connect, 5 s greeting, 10 s idle socket). */
const DELIVERY_LEASE_MS = 60_000;

/** The same key always gives the same Message-ID, so a retried email is recognisably one. */
export function messageIdFor(key: string, from: string): string {
	const hash = createHash('sha256').update(key).digest('hex').slice(0, 32);
	const domain = /@([^\s>]+)>?\s*$/.exec(from)?.[1] ?? 'tandem.localhost';
	return `<${hash}@${domain}>`;
}

const transports = new Map<string, ReturnType<typeof createTransport>>();

function transportFor(url: string): ReturnType<typeof createTransport> {
	let transport = transports.get(url);
	if (!transport) {
		// Short timeouts: a send that hangs holds the job's lease, and a retry, back.
		transport = createTransport({
			url,
			connectionTimeout: 5_000,
			greetingTimeout: 5_000,
			socketTimeout: 10_000
		});
		transports.set(url, transport);
	}
	return transport;
}

/** Sends the email, or keeps it for admins to read when no SMTP server is configured. */
async function deliverEmail(message: Message): Promise<'sent' | 'kept'> {
	const { smtpUrl, from } = mailConfig();
	if (!smtpUrl) return 'kept';
	await transportFor(smtpUrl).sendMail({
		from,
		to: message.recipient,
		subject: message.subject,
		text: message.body,
		messageId: messageIdFor(message.key, from)
	});
	return 'sent';
}

/**
 * The webhook's JSON: Slack incoming webhooks take `{ text }`; Teams incoming webhooks
 * (Office 365 connector) take a MessageCard, whose `summary` shows in notifications.
 */
function chatPayload(channel: 'slack' | 'teams', text: string): unknown {
	if (channel === 'slack') return { text };
	return {
		'@type': 'MessageCard',
		'@context': 'https://schema.org/extensions',
		summary: text.split('\n')[0].slice(0, 120),
		text
	};
}

async function deliverChat(message: Message, channel: 'slack' | 'teams'): Promise<'sent'> {
	const response = await fetch(message.recipient, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'idempotency-key': message.key },
		body: JSON.stringify(chatPayload(channel, message.body)),
		signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
		redirect: 'error'
	});
	if (!response.ok) {
		const answer = (await response.text().catch(() => '')).slice(0, 200);
		throw new Error(`the webhook answered ${response.status}${answer ? `: ${answer}` : ''}`);
	}
	await response.body?.cancel().catch(() => {});
	return 'sent';
}

registerLeasedJobHandler<'sent' | 'kept' | null>(DELIVER_MESSAGE, {
	leaseMs: DELIVERY_LEASE_MS,
	async work({ db, job }) {
		const [message] = await db
			.select()
			.from(outboxMessage)
			.where(eq(outboxMessage.id, messageIdOf(job.payload)));
		if (!message || message.state !== 'pending') return null;
		return message.channel === 'email'
			? deliverEmail(message)
			: deliverChat(message, message.channel);
	},
	async record({ tx, job }, outcome) {
		if (!outcome) return;
		await tx
			.update(outboxMessage)
			.set({
				state: outcome,
				attempts: sql`${outboxMessage.attempts} + ${outcome === 'sent' ? 1 : 0}`,
				lastError: null,
				sentAt: outcome === 'sent' ? sql`now()` : null
			})
			.where(
				and(eq(outboxMessage.id, messageIdOf(job.payload)), eq(outboxMessage.state, 'pending'))
			);
	},
	async onFailure({ tx, job, error, dead }) {
		await tx
			.update(outboxMessage)
			.set({
				attempts: sql`${outboxMessage.attempts} + 1`,
				lastError: error,
				state: dead ? 'failed' : 'pending'
			})
			.where(eq(outboxMessage.id, messageIdOf(job.payload)));
	}
});

function messageIdOf(payload: unknown): number {
	return (payload as { messageId: number }).messageId;
}
