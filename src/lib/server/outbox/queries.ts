// What admins read on /admin/outbox.
import { count, desc, eq } from 'drizzle-orm';
import { mailConfig } from '../config';
import { useDb } from '../db/client';
import { outboxMessage } from './schema';

export interface OutboxEntry {
	id: number;
	channel: 'email' | 'slack' | 'teams';
	/** The address, or the webhook's host with its secret path hidden. */
	recipient: string;
	subject: string;
	body: string;
	state: 'pending' | 'sent' | 'kept' | 'failed';
	attempts: number;
	lastError: string | null;
	createdAt: Date;
	sentAt: Date | null;
}

/**
 * A chat webhook's URL is its password (anyone holding it can post): only its host and
 * the last four characters are shown.
 */
function hideWebhookSecret(url: string): string {
	try {
		const { protocol, host } = new URL(url);
		return `${protocol}//${host}/…${url.slice(-4)}`;
	} catch {
		return '(invalid address)';
	}
}

/** Messages newest first, a page at a time. */
export async function listOutbox(options: {
	limit: number;
	offset: number;
}): Promise<OutboxEntry[]> {
	const rows = await useDb()
		.select()
		.from(outboxMessage)
		.orderBy(desc(outboxMessage.id))
		.limit(options.limit)
		.offset(options.offset);
	return rows.map((row) => ({
		id: row.id,
		channel: row.channel,
		recipient: row.channel === 'email' ? row.recipient : hideWebhookSecret(row.recipient),
		subject: row.subject,
		body: row.body,
		state: row.state,
		attempts: row.attempts,
		lastError: row.lastError,
		createdAt: row.createdAt,
		sentAt: row.sentAt
	}));
}

export async function countOutbox(): Promise<number> {
	const [row] = await useDb().select({ total: count() }).from(outboxMessage);
	return row.total;
}

/** Messages still waiting for delivery (read by /metrics). */
export async function outboxBacklog(): Promise<number> {
	const [row] = await useDb()
		.select({ total: count() })
		.from(outboxMessage)
		.where(eq(outboxMessage.state, 'pending'));
	return row.total;
}

/** Whether email goes out, and through which server (never its credentials). */
export function mailStatus(): { configured: boolean; server: string | null; from: string } {
	const { smtpUrl, from } = mailConfig();
	if (!smtpUrl) return { configured: false, server: null, from };
	try {
		const url = new URL(smtpUrl);
		return { configured: true, server: `${url.protocol}//${url.host}`, from };
	} catch {
		return { configured: true, server: null, from };
	}
}
