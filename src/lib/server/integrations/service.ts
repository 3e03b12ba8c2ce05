// Admins manage integrations: create one (its secret is shown once), rotate the secret,
// pause or delete it, and link a ticket or issue to an escalation by its key.
import { and, eq } from 'drizzle-orm';
import {
	integrationFormSchema,
	linkFormSchema,
	SOURCE_KIND,
	SOURCE_LABELS,
	type IntegrationForm,
	type LinkForm
} from '$lib/integrations/schemas';
import type { Transaction } from '../db/client';
import { parseOrRefuse, ServiceError } from '../errors';
import { existingEscalationIds } from '../escalations';
import { requireActiveAdmin } from '../org';
import { withEvents, type RecordEvent } from '../realtime';
import { reevaluateClocksIn } from '../slo';
import { INTEGRATIONS_ROOM } from './events';
import { integration, linkedItem } from './schema';
import { newSecret, verifierFor } from './verify';

const hintOf = (secret: string) => `…${secret.slice(-4)}`;

/** The secret to show once: the one pasted, or a new one (Asana sends its own at the handshake). */
function secretFor(form: Pick<IntegrationForm, 'source' | 'secret'>) {
	if (form.source === 'asana') return null;
	return form.secret || newSecret();
}

async function changed(tx: Transaction, record: RecordEvent, id: number, actorId: number) {
	await record(INTEGRATIONS_ROOM, 'integration.changed', { integrationId: id }, actorId);
}

/** Creates an integration; answers its id and the secret, which is never shown again. */
export async function createIntegration(actorId: number, raw: IntegrationForm) {
	const form = parseOrRefuse(integrationFormSchema, raw);
	const secret = secretFor(form);
	return withEvents(async (tx, record) => {
		await requireActiveAdmin(tx, actorId, 'manage integrations');
		const [{ id }] = await tx
			.insert(integration)
			.values({
				source: form.source,
				name: form.name,
				verifier: secret ? verifierFor(form.source, secret) : null,
				secretHint: secret ? hintOf(secret) : '',
				severityField: form.severityField,
				createdBy: actorId
			})
			.returning({ id: integration.id });
		await changed(tx, record, id, actorId);
		return { id, secret };
	});
}

async function lockIntegration(tx: Transaction, id: number) {
	const [row] = await tx.select().from(integration).where(eq(integration.id, id)).for('update');
	if (!row) throw new ServiceError('That integration does not exist.');
	return row;
}

/**
 * Replaces the secret (a pasted one, or a new one) and answers it, shown once; for Asana it
 * forgets the secret so the next handshake sets a new one.
 */
export async function rotateSecret(actorId: number, integrationId: number, pasted = '') {
	return withEvents(async (tx, record) => {
		await requireActiveAdmin(tx, actorId, 'manage integrations');
		const row = await lockIntegration(tx, integrationId);
		const form = parseOrRefuse(integrationFormSchema.pick({ source: true, secret: true }), {
			source: row.source,
			secret: pasted
		});
		const secret = secretFor(form);
		await tx
			.update(integration)
			.set({
				verifier: secret ? verifierFor(row.source, secret) : null,
				secretHint: secret ? hintOf(secret) : ''
			})
			.where(eq(integration.id, integrationId));
		await changed(tx, record, integrationId, actorId);
		return secret;
	});
}

/** Pauses or resumes an integration: a paused one refuses deliveries and its facts stop counting. */
export async function setIntegrationEnabled(
	actorId: number,
	integrationId: number,
	enabled: boolean
) {
	await withEvents(async (tx, record) => {
		await requireActiveAdmin(tx, actorId, 'manage integrations');
		await lockIntegration(tx, integrationId);
		await tx.update(integration).set({ enabled }).where(eq(integration.id, integrationId));
		await reevaluateLinked(tx, record, integrationId);
		await changed(tx, record, integrationId, actorId);
	});
}

/** Deletes an integration with its log and linked tickets or issues. */
export async function deleteIntegration(actorId: number, integrationId: number) {
	await withEvents(async (tx, record) => {
		await requireActiveAdmin(tx, actorId, 'manage integrations');
		const escalationIds = await linkedEscalations(tx, integrationId);
		const removed = await tx
			.delete(integration)
			.where(eq(integration.id, integrationId))
			.returning();
		if (removed.length === 0) throw new ServiceError('That integration does not exist.');
		for (const id of escalationIds) await reevaluateClocksIn(tx, record, id);
		await changed(tx, record, integrationId, actorId);
	});
}

async function linkedEscalations(tx: Transaction, integrationId: number): Promise<number[]> {
	const rows = await tx
		.selectDistinct({ id: linkedItem.escalationId })
		.from(linkedItem)
		.where(eq(linkedItem.integrationId, integrationId));
	return rows.flatMap((row) => (row.id ? [row.id] : []));
}

async function reevaluateLinked(tx: Transaction, record: RecordEvent, integrationId: number) {
	for (const id of await linkedEscalations(tx, integrationId)) {
		await reevaluateClocksIn(tx, record, id);
	}
}

/**
 * Links a ticket or issue, by its key in the tool, to an escalation (before or after its
 * first delivery); the escalation's clocks re-evaluate on its facts at once.
 */
export async function linkItem(actorId: number, raw: LinkForm) {
	const form = parseOrRefuse(linkFormSchema, raw);
	return withEvents(async (tx, record) => {
		await requireActiveAdmin(tx, actorId, 'link tickets and issues');
		const row = await lockIntegration(tx, form.integrationId).catch(() => {
			throw new ServiceError('That integration does not exist.', 'integrationId');
		});
		if ((await existingEscalationIds(tx, [form.escalationId])).length === 0) {
			throw new ServiceError('There is no escalation with that number.', 'escalationId');
		}
		const where = and(
			eq(linkedItem.integrationId, row.id),
			eq(linkedItem.externalKey, form.externalKey)
		);
		const [before] = await tx.select().from(linkedItem).where(where).for('update');
		if (before) {
			await tx.update(linkedItem).set({ escalationId: form.escalationId }).where(where);
		} else {
			await tx.insert(linkedItem).values({
				integrationId: row.id,
				kind: SOURCE_KIND[row.source],
				externalKey: form.externalKey,
				escalationId: form.escalationId
			});
		}
		if (before?.escalationId && before.escalationId !== form.escalationId) {
			await reevaluateClocksIn(tx, record, before.escalationId);
		}
		await reevaluateClocksIn(tx, record, form.escalationId);
		await changed(tx, record, row.id, actorId);
		const what = SOURCE_KIND[row.source] === 'ticket' ? 'ticket' : 'issue';
		return `${SOURCE_LABELS[row.source]} ${what} ${form.externalKey} is linked to escalation #${form.escalationId}.`;
	});
}
