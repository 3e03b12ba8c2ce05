// A webhook delivery, from raw bytes to changed facts: read the body once (bounded), verify
// it, parse it, then apply it in one transaction that logs it, updates the linked ticket or
// issue and re-evaluates the escalation's SLO clocks. Every delivery lands in the log.
import { and, eq, sql } from 'drizzle-orm';
import { SOURCE_KIND, type DeliveryOutcome } from '$lib/integrations/schemas';
import { useDb, type Transaction } from '../db/client';
import { escalationIdsLinkedTo, existingEscalationIds } from '../escalations';
import { withEvents, type RecordEvent } from '../realtime';
import { reevaluateClocksIn } from '../slo';
import { INTEGRATIONS_ROOM } from './events';
import { parseDelivery, type ParsedItem } from './parse';
import { integrationForDelivery } from './queries';
import { integration, integrationDelivery, linkedItem } from './schema';
import { sha256Hex, verifyDelivery } from './verify';

/** The largest body accepted: a ticket event is a few KiB; anything far larger is refused. */
export const MAX_BODY_BYTES = 256 * 1024;

export interface WebhookAnswer {
	status: number;
	outcome: DeliveryOutcome | null;
	message: string;
	headers?: Record<string, string>;
}

type Integration = NonNullable<Awaited<ReturnType<typeof integrationForDelivery>>>;

/** The body's bytes, or null once it passes the limit (read no further than that). */
export async function readBoundedBody(request: Request, limit = MAX_BODY_BYTES) {
	const declared = Number(request.headers.get('content-length') ?? '0');
	if (declared > limit) return null;
	if (!request.body) return new Uint8Array();
	const chunks: Uint8Array[] = [];
	let size = 0;
	const reader = request.body.getReader();
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > limit) {
			await reader.cancel();
			return null;
		}
		chunks.push(value);
	}
	return Buffer.concat(chunks);
}

interface LogEntry {
	outcome: DeliveryOutcome;
	reason: string;
	event?: string;
	deliveryKey?: string | null;
	externalKey?: string | null;
	escalationId?: number | null;
}

async function logDelivery(
	tx: Transaction,
	record: RecordEvent,
	hook: Integration,
	entry: LogEntry,
	now: Date
) {
	await tx
		.insert(integrationDelivery)
		.values({ integrationId: hook.id, receivedAt: now, ...entry });
	await tx.update(integration).set({ lastDeliveryAt: now }).where(eq(integration.id, hook.id));
	await record(INTEGRATIONS_ROOM, 'integration.delivery', {
		integrationId: hook.id,
		outcome: entry.outcome
	});
}

/** Logs a delivery that changes nothing and answers it. */
async function answerWithLog(hook: Integration, status: number, entry: LogEntry, now: Date) {
	await withEvents((tx, record) => logDelivery(tx, record, hook, entry, now));
	return { status, outcome: entry.outcome, message: entry.reason };
}

/** Which escalation a ticket or issue belongs to: a link to it in the body, else its own link. */
async function mapToEscalation(tx: Transaction, hook: Integration, item: ParsedItem) {
	const linked = await existingEscalationIds(tx, item.escalationIds);
	if (linked.length) return linked[0];
	const [byLink] = await escalationIdsLinkedTo(tx, SOURCE_KIND[hook.source], item.externalKey);
	return byLink ?? null;
}

const FACTS = ['status', 'priority', 'type', 'severity'] as const;

/** Applies one ticket or issue; answers its escalation, whether its facts moved, and a repeat. */
async function applyItem(
	tx: Transaction,
	record: RecordEvent,
	hook: Integration,
	item: ParsedItem,
	bodyHash: string | null
) {
	const where = and(
		eq(linkedItem.integrationId, hook.id),
		eq(linkedItem.externalKey, item.externalKey)
	);
	const [before] = await tx.select().from(linkedItem).where(where).for('update');
	if (bodyHash && before?.lastBodyHash === bodyHash) {
		return { escalationId: before.escalationId, repeat: true };
	}
	// A compact event (Asana) names only what changed: keep the facts it leaves out.
	const facts = {
		title: item.title ?? before?.title ?? '',
		url: item.url ?? before?.url ?? null,
		status: item.status ?? before?.status ?? null,
		priority: item.priority ?? before?.priority ?? null,
		type: item.type ?? before?.type ?? null,
		severity: item.severity ?? before?.severity ?? null,
		tags: item.tags ?? before?.tags ?? []
	};
	const escalationId = before?.escalationId ?? (await mapToEscalation(tx, hook, item));
	const moved =
		!before ||
		before.escalationId !== escalationId ||
		FACTS.some((fact) => before[fact] !== facts[fact]) ||
		before.tags.join('\n') !== facts.tags.join('\n');
	const values = { ...facts, escalationId, lastBodyHash: bodyHash, updatedAt: sql`now()` };
	await tx
		.insert(linkedItem)
		.values({ integrationId: hook.id, kind: item.kind, externalKey: item.externalKey, ...values })
		.onConflictDoUpdate({
			target: [linkedItem.integrationId, linkedItem.externalKey],
			set: values
		});
	if (moved && escalationId) await reevaluateClocksIn(tx, record, escalationId);
	return { escalationId, repeat: false };
}

/**
 * Applies a verified, parsed delivery once: a delivery key already accepted (or, for
 * Freshdesk, the same body for the same ticket) is logged as a duplicate and changes nothing.
 */
async function applyDelivery(
	hook: Integration,
	items: ParsedItem[],
	entry: { event: string; deliveryKey: string | null; bodyHash: string },
	now: Date
): Promise<WebhookAnswer> {
	return withEvents(async (tx, record) => {
		const firstKey = items[0]?.externalKey ?? null;
		const [logged] = await tx
			.insert(integrationDelivery)
			.values({
				integrationId: hook.id,
				receivedAt: now,
				deliveryKey: entry.deliveryKey,
				event: entry.event,
				outcome: 'accepted',
				externalKey: firstKey
			})
			.onConflictDoNothing({
				target: [integrationDelivery.integrationId, integrationDelivery.deliveryKey],
				where: sql`outcome = 'accepted'`
			})
			.returning({ id: integrationDelivery.id });
		const duplicate = (escalationId: number | null) => {
			const reason = 'Already received: nothing changed.';
			return logDelivery(
				tx,
				record,
				hook,
				{ ...entry, outcome: 'duplicate', reason, externalKey: firstKey, escalationId },
				now
			).then(() => ({ status: 200, outcome: 'duplicate' as const, message: reason }));
		};
		if (!logged) return duplicate(null);
		const bodyHash = entry.deliveryKey ? null : entry.bodyHash;
		const applied = [];
		for (const item of items) applied.push(await applyItem(tx, record, hook, item, bodyHash));
		const escalationId = applied.find((a) => a.escalationId)?.escalationId ?? null;
		if (bodyHash && applied.length && applied.every((a) => a.repeat)) {
			await tx.delete(integrationDelivery).where(eq(integrationDelivery.id, logged.id));
			return duplicate(escalationId);
		}
		const reason = items.length === 0 ? `Nothing to apply in ${entry.event || 'this event'}.` : '';
		await tx
			.update(integrationDelivery)
			.set({ escalationId, reason })
			.where(eq(integrationDelivery.id, logged.id));
		await tx.update(integration).set({ lastDeliveryAt: now }).where(eq(integration.id, hook.id));
		await record(INTEGRATIONS_ROOM, 'integration.delivery', {
			integrationId: hook.id,
			outcome: 'accepted'
		});
		return { status: 200, outcome: 'accepted', message: reason || 'Applied.' };
	});
}

/** Asana's handshake: the first secret it sends is kept and echoed; a later one is refused. */
async function handshake(hook: Integration, secret: string, now: Date): Promise<WebhookAnswer> {
	if (hook.verifier !== null || !/^[\x21-\x7e]{16,200}$/.test(secret)) {
		const reason = hook.verifier
			? 'A handshake was already made: rotate the secret to allow a new one.'
			: 'The handshake secret is not usable.';
		return answerWithLog(hook, 401, { outcome: 'refused', reason, event: 'handshake' }, now);
	}
	await withEvents(async (tx, record) => {
		await tx
			.update(integration)
			.set({ verifier: secret, secretHint: `…${secret.slice(-4)}` })
			.where(and(eq(integration.id, hook.id), sql`${integration.verifier} is null`));
		const reason = 'Handshake: the secret is stored.';
		await logDelivery(tx, record, hook, { outcome: 'accepted', reason, event: 'handshake' }, now);
	});
	return {
		status: 200,
		outcome: 'accepted',
		message: 'Handshake accepted.',
		headers: { 'X-Hook-Secret': secret }
	};
}

/** Receives one delivery for integration `integrationId`: the whole path, answered plainly. */
export async function receiveWebhook(
	integrationId: number,
	request: Request,
	now = new Date()
): Promise<WebhookAnswer> {
	const body = await readBoundedBody(request);
	const hook = await integrationForDelivery(useDb(), integrationId);
	if (!hook) return { status: 404, outcome: null, message: 'No such integration.' };
	const refuse = (status: number, reason: string, event = '', deliveryKey: string | null = null) =>
		answerWithLog(hook, status, { outcome: 'refused', reason, event, deliveryKey }, now);
	if (!hook.enabled) return refuse(403, 'The integration is disabled.');
	if (body === null) return refuse(413, `The body is larger than ${MAX_BODY_BYTES / 1024} KiB.`);
	const hookSecret = request.headers.get('x-hook-secret');
	if (hook.source === 'asana' && hookSecret) return handshake(hook, hookSecret, now);
	if (hook.verifier === null) return refuse(401, 'Waiting for Asana’s handshake.');
	const verdict = verifyDelivery(hook.source, hook.verifier, request.headers, body, now.getTime());
	if (!verdict.ok) return refuse(401, verdict.reason);
	const parsed = parseDelivery(hook.source, new TextDecoder().decode(body), hook.severityField);
	if (!parsed.ok) return refuse(400, parsed.reason, parsed.event, verdict.deliveryKey);
	return applyDelivery(
		hook,
		parsed.items,
		{ event: parsed.event, deliveryKey: verdict.deliveryKey, bodyHash: sha256Hex(body) },
		now
	);
}
