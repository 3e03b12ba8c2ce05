// Reading integrations: the admin list, the delivery log, and the facts of the tickets and
// issues linked to an escalation (what SLO conditions read).
import { and, count, desc, eq, inArray, sql } from 'drizzle-orm';
import type {
	IntegrationSource,
	IssueFacts,
	TicketFacts,
	TicketPriority,
	TicketStatus
} from '$lib/integrations/schemas';
import { useDb, type Executor } from '../db/client';
import { integration, integrationDelivery, linkedItem } from './schema';

/** Every integration with its address's last use and how many deliveries were refused. */
export async function listIntegrations() {
	// Qualified by hand: drizzle renders ${integration.id} unqualified inside a subquery.
	const refused = sql<number>`(select count(*) from integration_delivery d
		where d.integration_id = "integration"."id" and d.outcome = 'refused')`;
	const rows = await useDb()
		.select({
			id: integration.id,
			source: integration.source,
			name: integration.name,
			secretHint: integration.secretHint,
			awaitingHandshake: sql<boolean>`${integration.verifier} is null`,
			severityField: integration.severityField,
			enabled: integration.enabled,
			createdAt: integration.createdAt,
			lastDeliveryAt: integration.lastDeliveryAt,
			refused
		})
		.from(integration)
		.orderBy(integration.id);
	return rows.map((row) => ({ ...row, refused: Number(row.refused) }));
}

/** The integration a delivery is for, with what verifies it; null when there is none. */
export async function integrationForDelivery(tx: Executor, integrationId: number) {
	const [row] = await tx.select().from(integration).where(eq(integration.id, integrationId));
	return row ?? null;
}

/** The delivery log, newest first, optionally of one integration. */
export async function listDeliveries(options: {
	integrationId?: number;
	limit: number;
	offset: number;
}) {
	return useDb()
		.select({
			id: integrationDelivery.id,
			integrationId: integrationDelivery.integrationId,
			integrationName: integration.name,
			source: integration.source,
			receivedAt: integrationDelivery.receivedAt,
			deliveryKey: integrationDelivery.deliveryKey,
			event: integrationDelivery.event,
			outcome: integrationDelivery.outcome,
			reason: integrationDelivery.reason,
			externalKey: integrationDelivery.externalKey,
			escalationId: integrationDelivery.escalationId
		})
		.from(integrationDelivery)
		.innerJoin(integration, eq(integration.id, integrationDelivery.integrationId))
		.where(
			options.integrationId
				? eq(integrationDelivery.integrationId, options.integrationId)
				: undefined
		)
		.orderBy(desc(integrationDelivery.id))
		.limit(options.limit)
		.offset(options.offset);
}

export async function countDeliveries(integrationId?: number): Promise<number> {
	const [row] = await useDb()
		.select({ n: count() })
		.from(integrationDelivery)
		.where(integrationId ? eq(integrationDelivery.integrationId, integrationId) : undefined);
	return Number(row?.n ?? 0);
}

/** Linked tickets and issues, most recently changed first (the admin page's mapping list). */
export async function listLinkedItems(limit = 50) {
	return useDb()
		.select({
			id: linkedItem.id,
			integrationName: integration.name,
			source: integration.source,
			kind: linkedItem.kind,
			externalKey: linkedItem.externalKey,
			escalationId: linkedItem.escalationId,
			title: linkedItem.title,
			url: linkedItem.url,
			status: linkedItem.status,
			priority: linkedItem.priority,
			type: linkedItem.type,
			severity: linkedItem.severity,
			tags: linkedItem.tags,
			updatedAt: linkedItem.updatedAt
		})
		.from(linkedItem)
		.innerJoin(integration, eq(integration.id, linkedItem.integrationId))
		.orderBy(desc(linkedItem.updatedAt), desc(linkedItem.id))
		.limit(limit);
}

/** The tickets and issues linked to an escalation, newest change first. */
export async function itemsOfEscalation(escalationId: number, executor: Executor = useDb()) {
	return executor
		.select({
			kind: linkedItem.kind,
			source: integration.source,
			externalKey: linkedItem.externalKey,
			title: linkedItem.title,
			url: linkedItem.url,
			status: linkedItem.status,
			priority: linkedItem.priority,
			type: linkedItem.type,
			severity: linkedItem.severity,
			tags: linkedItem.tags,
			updatedAt: linkedItem.updatedAt
		})
		.from(linkedItem)
		.innerJoin(integration, eq(integration.id, linkedItem.integrationId))
		.where(and(eq(linkedItem.escalationId, escalationId), eq(integration.enabled, true)))
		.orderBy(desc(linkedItem.updatedAt), desc(linkedItem.id))
		.limit(20);
}

type Linked = { ticket: TicketFacts | null; issue: IssueFacts | null };

/** The latest linked ticket's and issue's facts: what SLO conditions match on. */
export async function linkedFactsOf(tx: Executor, escalationId: number): Promise<Linked> {
	return (await linkedFactsOfMany(tx, [escalationId])).get(escalationId)!;
}

/** The same for several escalations in one read (the SLO sweep's batch). */
export async function linkedFactsOfMany(
	tx: Executor,
	escalationIds: number[]
): Promise<Map<number, Linked>> {
	const found = new Map<number, Linked>(
		escalationIds.map((id) => [id, { ticket: null, issue: null }])
	);
	if (escalationIds.length === 0) return found;
	const rows = await tx
		.select({
			escalationId: linkedItem.escalationId,
			kind: linkedItem.kind,
			status: linkedItem.status,
			priority: linkedItem.priority,
			type: linkedItem.type,
			severity: linkedItem.severity,
			tags: linkedItem.tags
		})
		.from(linkedItem)
		.innerJoin(integration, eq(integration.id, linkedItem.integrationId))
		.where(
			and(
				escalationIds.length === 1
					? eq(linkedItem.escalationId, escalationIds[0])
					: inArray(linkedItem.escalationId, escalationIds),
				eq(integration.enabled, true)
			)
		)
		.orderBy(desc(linkedItem.updatedAt), desc(linkedItem.id));
	// Newest first: the first ticket and the first issue of each escalation count.
	for (const item of rows) {
		const facts = item.escalationId === null ? undefined : found.get(item.escalationId);
		if (!facts) continue;
		if (item.kind === 'ticket' && !facts.ticket) {
			facts.ticket = {
				status: item.status as TicketStatus | null,
				priority: item.priority as TicketPriority | null,
				type: item.type,
				tags: item.tags
			};
		} else if (item.kind === 'issue' && !facts.issue) {
			facts.issue = {
				status: item.status,
				priority: item.priority,
				type: item.type,
				severity: item.severity,
				labels: item.tags
			};
		}
	}
	return found;
}

export type LinkedItemRow = Awaited<ReturnType<typeof itemsOfEscalation>>[number];
export type { IntegrationSource };
