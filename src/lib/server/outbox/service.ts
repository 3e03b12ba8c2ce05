// Queuing email and chat messages. Each is written in the caller's transaction together
// with the job that delivers it, so a message exists exactly when its cause commits and
// is delivered once by whichever node claims the job.
import { z } from 'zod';
import type { Executor } from '../db/client';
import { parseOrRefuse } from '../errors';
import { scheduleJob } from '../jobs';
import { outboxMessage } from './schema';

/** The job kind that delivers one outbox message. */
export const DELIVER_MESSAGE = 'outbox.deliver';

/** Retries reach about half an hour out (backoff doubles from 1 s, capped at 5 min). */
const DELIVERY_ATTEMPTS = 12;

const key = z
	.string()
	.trim()
	.min(1, 'A message needs an idempotency key.')
	.max(200, 'Keep the idempotency key under 200 characters.');
const text = z
	.string()
	.trim()
	.min(1, 'The message has no text.')
	.max(100_000, 'The message is longer than 100,000 characters.');

const emailSchema = z.object({
	key,
	to: z.email('The recipient is not an email address.').max(254),
	subject: z
		.string()
		.trim()
		.min(1, 'An email needs a subject.')
		.max(250, 'Keep the subject under 250 characters.')
		// A line break in a subject would start a new mail header.
		.refine((value) => !/[\r\n]/.test(value), 'The subject must be one line.'),
	text
});

const chatSchema = z.object({
	key,
	channel: z.enum(['slack', 'teams'], 'Chat messages go to Slack or Microsoft Teams.'),
	webhookUrl: z.url({
		protocol: /^https?$/,
		error: 'The webhook address must be an http(s) URL.'
	}),
	text
});

export type EmailMessage = z.input<typeof emailSchema>;
export type ChatMessage = z.input<typeof chatSchema>;

/**
 * Queues an email in the caller's transaction; the same key twice is one email.
 * `queued` is false when a message with this key already existed.
 */
export async function enqueueEmail(
	executor: Executor,
	message: EmailMessage
): Promise<{ queued: boolean }> {
	const { key, to, subject, text } = parseOrRefuse(emailSchema, message);
	return enqueue(executor, { channel: 'email', key, recipient: to, subject, body: text });
}

/** Queues a Slack or Teams message to an incoming webhook; the same key twice is one message. */
export async function enqueueChat(
	executor: Executor,
	message: ChatMessage
): Promise<{ queued: boolean }> {
	const { key, channel, webhookUrl, text } = parseOrRefuse(chatSchema, message);
	return enqueue(executor, { channel, key, recipient: webhookUrl, subject: '', body: text });
}

async function enqueue(
	executor: Executor,
	row: typeof outboxMessage.$inferInsert
): Promise<{ queued: boolean }> {
	const [created] = await executor
		.insert(outboxMessage)
		.values(row)
		.onConflictDoNothing({ target: outboxMessage.key })
		.returning({ id: outboxMessage.id });
	if (!created) return { queued: false };
	await scheduleJob(executor, {
		kind: DELIVER_MESSAGE,
		key: `outbox:${row.key}`,
		payload: { messageId: created.id },
		maxAttempts: DELIVERY_ATTEMPTS
	});
	return { queued: true };
}
