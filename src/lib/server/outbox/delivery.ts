// Delivering outbox messages, as the handler of their jobs. A failure throws: the job
// runner undoes the attempt, records it here (onFailure) and retries with backoff.
// Sending happens inside the claiming transaction, so a commit that fails after a send
// means a resend: the stable Message-ID / Idempotency-Key let the receiver see it is one.
import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { createTransport } from 'nodemailer';
import { mailConfig } from '../config';
import { registerJobHandler } from '../jobs';
import { outboxMessage } from './schema';
import { DELIVER_MESSAGE } from './service';

type Message = typeof outboxMessage.$inferSelect;

/** How long a webhook may take to answer before the attempt counts as failed. */
const WEBHOOK_TIMEOUT_MS = 5_000;

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
		// Short timeouts: the job's transaction stays open while the server answers.
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
export function chatPayload(channel: 'slack' | 'teams', text: string): unknown {
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

registerJobHandler(
	DELIVER_MESSAGE,
	async ({ tx, job }) => {
		const { messageId } = job.payload as { messageId: number };
		const [message] = await tx.select().from(outboxMessage).where(eq(outboxMessage.id, messageId));
		if (!message || message.state !== 'pending') return;
		const outcome =
			message.channel === 'email'
				? await deliverEmail(message)
				: await deliverChat(message, message.channel);
		await tx
			.update(outboxMessage)
			.set({
				state: outcome,
				attempts: outcome === 'sent' ? message.attempts + 1 : message.attempts,
				lastError: null,
				sentAt: outcome === 'sent' ? sql`now()` : null
			})
			.where(eq(outboxMessage.id, message.id));
	},
	{
		onFailure: async ({ tx, job, error, dead }) => {
			const { messageId } = job.payload as { messageId: number };
			await tx
				.update(outboxMessage)
				.set({
					attempts: sql`${outboxMessage.attempts} + 1`,
					lastError: error,
					state: dead ? 'failed' : 'pending'
				})
				.where(eq(outboxMessage.id, messageId));
		}
	}
);
