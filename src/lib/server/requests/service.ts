// Writing feature requests: proposing and editing one, support's customer reports, the
// status product answers with (shipping tells every reporter), and merging duplicates.
import { eq, inArray, sql } from 'drizzle-orm';
import {
	reportSchema,
	requestSchema,
	requestStatusSchema,
	type ReportInput,
	type RequestInput,
	type RequestStatusInput
} from '$lib/requests/schemas';
import { customerFactsIn, customerNamedIn } from '../customers';
import type { Executor, Transaction } from '../db/client';
import { ServiceError, parseOrRefuse } from '../errors';
import { escalationFactsIn, escalationHref } from '../escalations';
import { peopleWithPlace, person } from '../org';
import { withEvents, type RecordEvent } from '../realtime';
import { REQUESTS_ROOM, requestRoom } from './events';
import { countReport, lockRequests, recomputeFigures } from './figures';
import { mayDecideRequests, mayReportForCustomers } from './rules';
import { featureRequest, requestReport } from './schema';
import { tellShipped } from './shipping';

async function actorOf(tx: Executor, actorId: number) {
	const [actor] = await peopleWithPlace(tx).where(eq(person.id, actorId));
	if (!actor?.active) throw new ServiceError('Your account is not active.');
	return actor;
}

async function requireDecider(tx: Executor, actorId: number, doing: string) {
	if (!mayDecideRequests(await actorOf(tx, actorId))) {
		throw new ServiceError(`Only Product and admins can ${doing}.`);
	}
}

/** The request, locked for this transaction; refused when there is none or it was merged. */
async function lockedRequest(tx: Transaction, requestId: number) {
	await lockRequests(tx, [requestId]);
	const [row] = await tx.select().from(featureRequest).where(eq(featureRequest.id, requestId));
	if (!row) throw new ServiceError('That feature request does not exist.');
	if (row.mergedIntoId) {
		throw new ServiceError(`This request was merged into #${row.mergedIntoId}: use that one.`);
	}
	return row;
}

/** Proposes a feature request inside the caller's transaction (another module's write). */
export async function createRequestIn(
	tx: Transaction,
	record: RecordEvent,
	actorId: number,
	raw: RequestInput
): Promise<number> {
	const input = parseOrRefuse(requestSchema, raw);
	await actorOf(tx, actorId);
	const [{ id }] = await tx
		.insert(featureRequest)
		.values({ ...input, createdById: actorId })
		.returning({ id: featureRequest.id });
	await record(REQUESTS_ROOM, 'request.created', { requestId: id, title: input.title }, actorId);
	return id;
}

/** Proposes a feature request (anyone signed in); answers its id. */
export async function createRequest(actorId: number, raw: RequestInput): Promise<number> {
	const input = parseOrRefuse(requestSchema, raw);
	return withEvents((tx, record) => createRequestIn(tx, record, actorId, input));
}

/** Changes the title, problem or area (Product and admins). */
export async function editRequest(
	actorId: number,
	requestId: number,
	raw: RequestInput
): Promise<void> {
	const input = parseOrRefuse(requestSchema, raw);
	await withEvents(async (tx, record) => {
		await requireDecider(tx, actorId, 'edit feature requests');
		await lockedRequest(tx, requestId);
		await tx
			.update(featureRequest)
			.set({ ...input, updatedAt: sql`now()` })
			.where(eq(featureRequest.id, requestId));
		const payload = { requestId, title: input.title };
		await record(requestRoom(requestId), 'request.edited', payload, actorId);
		await record(REQUESTS_ROOM, 'request.edited', payload, actorId);
	});
}

/**
 * Product's answer: the status, a note support may pass on and the roadmap link. Moving to
 * shipped tells everyone who reported it, with their customers to tell.
 */
export async function setRequestStatus(
	actorId: number,
	requestId: number,
	raw: RequestStatusInput
): Promise<{ told: number }> {
	const input = parseOrRefuse(requestStatusSchema, raw);
	return withEvents(async (tx, record) => {
		await requireDecider(tx, actorId, 'change the status of feature requests');
		const before = await lockedRequest(tx, requestId);
		const ships = before.status !== 'shipped' && input.status === 'shipped';
		await tx
			.update(featureRequest)
			.set({
				status: input.status,
				publicNote: input.publicNote,
				roadmapUrl: input.roadmapUrl || null,
				shippedAt: input.status === 'shipped' ? (before.shippedAt ?? sql`now()`) : null,
				updatedAt: sql`now()`
			})
			.where(eq(featureRequest.id, requestId));
		const payload = { requestId, status: input.status };
		await record(requestRoom(requestId), 'request.status', payload, actorId);
		await record(REQUESTS_ROOM, 'request.status', payload, actorId);
		if (!ships) return { told: 0 };
		return tellShipped(tx, record, before, actorId);
	});
}

/** Where the report was heard, checked: an escalation must exist (its page is the link). */
async function sourceOf(tx: Transaction, input: ReportInput) {
	if (input.sourceKind !== 'escalation') {
		return { sourceKind: input.sourceKind, sourceId: input.sourceId, link: input.link || null };
	}
	const found = input.sourceId ? await escalationFactsIn(tx, input.sourceId) : null;
	if (!found) throw new ServiceError('There is no escalation with that number.', 'sourceId');
	return {
		sourceKind: input.sourceKind,
		sourceId: found.id,
		link: input.link || escalationHref(found.id)
	};
}

/**
 * Support records that a customer asked for it (creating the customer when the name is
 * new). The figures move in the same transaction; answers the report's id.
 */
export async function addReport(
	actorId: number,
	requestId: number,
	raw: ReportInput
): Promise<number> {
	const input = parseOrRefuse(reportSchema, raw);
	return withEvents(async (tx, record) => {
		if (!mayReportForCustomers(await actorOf(tx, actorId))) {
			throw new ServiceError('Only Support and admins can add customer reports.');
		}
		await lockedRequest(tx, requestId);
		const source = await sourceOf(tx, input);
		const named = await customerNamedIn(tx, input.customerName, input.newCustomerTier);
		const facts = await customerFactsIn(tx, named.id);
		if (!facts) throw new ServiceError('That customer does not exist.', 'customerName');
		const [{ id }] = await tx
			.insert(requestReport)
			.values({
				requestId,
				customerId: facts.id,
				reporterId: actorId,
				quote: input.quote,
				...source
			})
			.returning({ id: requestReport.id });
		const figures = await countReport(tx, requestId, facts);
		const payload = { ...figures, reportId: id, customerName: facts.name };
		await record(requestRoom(requestId), 'request.reported', payload, actorId);
		await record(REQUESTS_ROOM, 'request.figures', figures, actorId);
		return id;
	});
}

/**
 * Merges a duplicate into the request that stays: every report moves over, customers who
 * asked for both count once, and the duplicate points to the one that stays.
 */
export async function mergeRequests(
	actorId: number,
	fromId: number,
	intoId: number
): Promise<number> {
	if (fromId === intoId) throw new ServiceError('Choose another request to merge into.', 'intoId');
	return withEvents(async (tx, record) => {
		await requireDecider(tx, actorId, 'merge feature requests');
		await lockRequests(tx, [fromId, intoId]);
		const rows = await tx
			.select({ id: featureRequest.id, mergedIntoId: featureRequest.mergedIntoId })
			.from(featureRequest)
			.where(inArray(featureRequest.id, [fromId, intoId]));
		const from = rows.find((r) => r.id === fromId);
		const into = rows.find((r) => r.id === intoId);
		if (!from) throw new ServiceError('That feature request does not exist.');
		if (!into) throw new ServiceError('There is no request with that number.', 'intoId');
		if (from.mergedIntoId) throw new ServiceError('This request was already merged.');
		if (into.mergedIntoId) {
			throw new ServiceError(`#${intoId} was itself merged into #${into.mergedIntoId}.`, 'intoId');
		}
		await tx
			.update(requestReport)
			.set({ requestId: intoId })
			.where(eq(requestReport.requestId, fromId));
		await tx.execute(sql`insert into request_customer (request_id, customer_id, reports)
			select ${intoId}, customer_id, reports from request_customer where request_id = ${fromId}
			on conflict (request_id, customer_id)
			do update set reports = request_customer.reports + excluded.reports`);
		await tx.execute(sql`delete from request_customer where request_id = ${fromId}`);
		await tx
			.update(featureRequest)
			.set({ mergedIntoId: intoId, updatedAt: sql`now()` })
			.where(eq(featureRequest.id, fromId));
		await recomputeFigures(tx, record, [fromId, intoId]);
		const payload = { requestId: fromId, intoId };
		await record(requestRoom(fromId), 'request.merged', payload, actorId);
		await record(requestRoom(intoId), 'request.merged', payload, actorId);
		await record(REQUESTS_ROOM, 'request.merged', payload, actorId);
		return intoId;
	});
}
