// Reading escalations: the filtered list, one escalation with its thread and history,
// who can be assigned, and open escalations that look like a new report.
import {
	and,
	asc,
	count,
	desc,
	eq,
	getTableColumns,
	ilike,
	inArray,
	isNull,
	notInArray,
	or,
	sql,
	type SQL
} from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { EscalationStatus } from '$lib/escalations/schemas';
import { customerFactsSql } from '../customers';
import { qualified, rowsOf, useDb, type Executor } from '../db/client';
import { department, peopleWithPlace, person, team } from '../org';
import { attachmentsByIds } from '../attachments';
import { commentCounts, threadOf, type CommentActor } from '../comments';
import { escalation, escalationAttachment, escalationHistory } from './schema';
import type { Severity } from './service';
import { waitsOn } from './rules';

export interface EscalationFilters {
	status?: EscalationStatus;
	severity?: Severity;
	/** Part of the customer's name, any case. */
	customer?: string;
	/** A person's id, or null for the unassigned ones. */
	assigneeId?: number | null;
	/** Only these escalations (another module's filter, e.g. SLO standing). */
	ids?: number[];
	/** These first, in this order (e.g. soonest SLO due first), then newest first. */
	firstInOrder?: number[];
	limit?: number;
	offset?: number;
}

const reporter = alias(person, 'reporter');
const assignee = alias(person, 'assignee');

function likePattern(text: string): string {
	return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function filterConditions(filters: EscalationFilters): SQL[] {
	const conditions: SQL[] = [];
	if (filters.status) conditions.push(eq(escalation.status, filters.status));
	if (filters.severity) conditions.push(eq(escalation.severity, filters.severity));
	const customer = filters.customer?.trim();
	if (customer) conditions.push(ilike(escalation.customerName, likePattern(customer)));
	if (filters.assigneeId === null) conditions.push(isNull(escalation.assigneeId));
	else if (filters.assigneeId) conditions.push(eq(escalation.assigneeId, filters.assigneeId));
	if (filters.ids) {
		conditions.push(filters.ids.length ? inArray(escalation.id, filters.ids) : sql`false`);
	}
	return conditions;
}

/** The list's order: the given ids first, in their order, then newest first. */
function listOrder(filters: EscalationFilters): SQL[] {
	const newest = [desc(escalation.openedAt), desc(escalation.id)];
	const first = filters.firstInOrder ?? [];
	if (first.length === 0) return newest;
	const list = sql.join(
		first.map((id) => sql`${id}`),
		sql`, `
	);
	return [sql`array_position(array[${list}]::int[], ${escalation.id}) asc nulls last`, ...newest];
}

/** Escalations matching the filters, newest first, with names and the number of comments. */
export async function listEscalations(filters: EscalationFilters = {}) {
	const rows = await useDb()
		.select({
			id: escalation.id,
			title: escalation.title,
			severity: escalation.severity,
			status: escalation.status,
			customerName: escalation.customerName,
			customerTier: escalation.customerTier,
			openedAt: escalation.openedAt,
			updatedAt: escalation.updatedAt,
			reporterId: escalation.reporterId,
			reporterName: reporter.name,
			assigneeId: escalation.assigneeId,
			assigneeName: assignee.name
		})
		.from(escalation)
		.innerJoin(reporter, eq(reporter.id, escalation.reporterId))
		.leftJoin(assignee, eq(assignee.id, escalation.assigneeId))
		.where(and(...filterConditions(filters)))
		.orderBy(...listOrder(filters))
		.limit(Math.min(Math.max(filters.limit ?? 50, 1), 200))
		.offset(Math.max(filters.offset ?? 0, 0));
	const comments = await commentCounts(
		'escalation',
		rows.map((r) => r.id)
	);
	return rows.map((r) => ({ ...r, comments: comments.get(r.id) ?? 0 }));
}

/** How many escalations match the filters (for "n escalations" and paging). */
export async function countEscalations(filters: EscalationFilters = {}): Promise<number> {
	const [row] = await useDb()
		.select({ n: count() })
		.from(escalation)
		.where(and(...filterConditions(filters)));
	return row.n;
}

const reporterTeam = alias(team, 'reporter_team');
const reporterDepartment = alias(department, 'reporter_department');

/** One escalation with everything its page shows, or null when it does not exist. */
export async function escalationDetail(escalationId: number) {
	const { clientKey: _key, ...columns } = getTableColumns(escalation);
	const [row] = await useDb()
		.select({
			...columns,
			reporterName: reporter.name,
			reporterDepartmentName: reporterDepartment.name,
			reporterDepartmentKind: reporterDepartment.kind,
			assigneeName: assignee.name
		})
		.from(escalation)
		.innerJoin(reporter, eq(reporter.id, escalation.reporterId))
		.leftJoin(reporterTeam, eq(reporterTeam.id, reporter.teamId))
		.leftJoin(reporterDepartment, eq(reporterDepartment.id, reporterTeam.departmentId))
		.leftJoin(assignee, eq(assignee.id, escalation.assigneeId))
		.where(eq(escalation.id, escalationId));
	return row ?? null;
}

/** The conversation as `viewer` sees it: the newest `shown` comments, oldest first. */
export async function conversationOf(escalationId: number, viewer: CommentActor, shown?: number) {
	return threadOf({ kind: 'escalation', id: escalationId }, viewer, shown);
}

/** The conversation as an onlooker (who may change nothing) reads it, oldest first. */
export async function commentsOf(escalationId: number) {
	return (await conversationOf(escalationId, { id: 0, role: 'member' })).comments;
}

/**
 * Every change, oldest first. Assignee changes store person ids; `fromName`/`toName` carry
 * the names to show.
 */
export async function historyOf(escalationId: number) {
	const rows = await useDb()
		.select({
			id: escalationHistory.id,
			change: escalationHistory.change,
			fromValue: escalationHistory.fromValue,
			toValue: escalationHistory.toValue,
			at: escalationHistory.at,
			actorId: escalationHistory.actorId,
			actorName: person.name
		})
		.from(escalationHistory)
		.leftJoin(person, eq(person.id, escalationHistory.actorId))
		.where(eq(escalationHistory.escalationId, escalationId))
		.orderBy(asc(escalationHistory.at), asc(escalationHistory.id));
	const names = await namesOf(
		rows.filter((r) => r.change === 'assignee').flatMap((r) => [r.fromValue, r.toValue])
	);
	return rows.map((r) => ({
		...r,
		fromName:
			r.change === 'assignee' && r.fromValue ? (names.get(Number(r.fromValue)) ?? null) : null,
		toName: r.change === 'assignee' && r.toValue ? (names.get(Number(r.toValue)) ?? null) : null
	}));
}

async function namesOf(ids: (string | null)[]): Promise<Map<number, string>> {
	const wanted = [...new Set(ids.filter((id): id is string => !!id).map(Number))];
	if (wanted.length === 0) return new Map();
	const rows = await useDb()
		.select({ id: person.id, name: person.name })
		.from(person)
		.where(inArray(person.id, wanted));
	return new Map(rows.map((r) => [r.id, r.name]));
}

/** Who can take an escalation: active people in Engineering or Product, by name. */
export async function assignablePeople() {
	return peopleWithPlace()
		.where(and(eq(person.active, true), inArray(department.kind, ['engineering', 'product'])))
		.orderBy(asc(sql`lower(${person.name})`), asc(person.id));
}

/**
 * Open escalations whose titles look like `text` (trigram similarity), so someone about
 * to log a bug sees that engineering already has it.
 */
export async function similarOpenEscalations(text: string, limit = 3) {
	const query = text.trim().slice(0, 200);
	if (query.length < 3) return [];
	const rows = await rowsOf<{ id: number; title: string; status: EscalationStatus }>(
		useDb(),
		sql`select ${escalation.id} as id, ${escalation.title} as title, ${escalation.status} as status
			from ${escalation}
			where ${escalation.status} not in ('resolved', 'closed') and ${escalation.title} % ${query}
			order by similarity(${escalation.title}, ${query}) desc, ${escalation.id} asc
			limit ${limit}`
	);
	return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** Escalations by id, oldest first (a bash summary lists the ones its bugs became). */
export async function escalationsByIds(ids: number[]) {
	if (ids.length === 0) return [];
	return useDb()
		.select({ id: escalation.id, title: escalation.title, status: escalation.status })
		.from(escalation)
		.where(inArray(escalation.id, ids))
		.orderBy(asc(escalation.id));
}

/** The escalation's files (a promoted bug's included), without their bytes. */
export async function attachmentsOfEscalation(escalationId: number) {
	const links = await useDb()
		.select({ id: escalationAttachment.attachmentId })
		.from(escalationAttachment)
		.where(eq(escalationAttachment.escalationId, escalationId));
	return attachmentsByIds(links.map((l) => l.id));
}

/** Unfinished escalations `personId` reported or is assigned, saying which wait on them. */
export async function openEscalationsOf(personId: number, limit = 6) {
	const rows = await useDb()
		.select({
			id: escalation.id,
			title: escalation.title,
			severity: escalation.severity,
			status: escalation.status,
			customerName: escalation.customerName,
			reporterId: escalation.reporterId,
			assigneeId: escalation.assigneeId,
			updatedAt: escalation.updatedAt
		})
		.from(escalation)
		.where(
			and(
				notInArray(escalation.status, ['resolved', 'closed']),
				or(eq(escalation.reporterId, personId), eq(escalation.assigneeId, personId))
			)
		)
		.orderBy(desc(escalation.updatedAt), desc(escalation.id))
		.limit(limit);
	return rows.map((row) => ({ ...row, waitsOnMe: waitsOn(row, personId) }));
}

/** What SLO policies match and measure on, read inside the caller's transaction. */
export async function escalationFactsIn(tx: Executor, escalationId: number) {
	const [row] = await escalationFactsOf(tx, [escalationId]);
	return row ?? null;
}

/** The facts of several escalations in one read (the SLO sweep's batch), in no set order. */
export async function escalationFactsOf(tx: Executor, escalationIds: number[]) {
	if (escalationIds.length === 0) return [];
	return tx
		.select({
			id: escalation.id,
			title: escalation.title,
			status: escalation.status,
			severity: escalation.severity,
			customerId: escalation.customerId,
			customerName: escalation.customerName,
			reporterId: escalation.reporterId,
			assigneeId: escalation.assigneeId,
			openedAt: escalation.openedAt,
			firstResponseAt: escalation.firstResponseAt,
			lastEngineeringUpdateAt: escalation.lastEngineeringUpdateAt,
			resolvedAt: escalation.resolvedAt,
			/** The assignee's department (what policy conditions on departments read). */
			assigneeDepartment: sql<{ id: number; name: string } | null>`(
				select json_build_object('id', d.id, 'name', d.name) from person p
				join team t on t.id = p.team_id join department d on d.id = t.department_id
				where p.id = "escalation"."assignee_id")`,
			/** Its customer's facts (what policy conditions on customers read). */
			customer: customerFactsSql(qualified(escalation.customerId))
		})
		.from(escalation)
		.where(
			escalationIds.length === 1
				? eq(escalation.id, escalationIds[0])
				: inArray(escalation.id, escalationIds)
		);
}
export type EscalationFacts = NonNullable<Awaited<ReturnType<typeof escalationFactsIn>>>;

/** The ids of escalations not yet resolved or closed, oldest first. */
export async function unfinishedEscalationIds(tx: Executor): Promise<number[]> {
	const rows = await tx
		.select({ id: escalation.id })
		.from(escalation)
		.where(inArray(escalation.status, ['open', 'in_progress', 'waiting_on_support']))
		.orderBy(asc(escalation.id));
	return rows.map((row) => row.id);
}

/** The unfinished escalations of these customers (their facts changed: SLO re-checks them). */
export async function unfinishedEscalationIdsOfCustomers(
	tx: Executor,
	customerIds: number[]
): Promise<number[]> {
	if (customerIds.length === 0) return [];
	const rows = await tx
		.select({ id: escalation.id })
		.from(escalation)
		.where(
			and(
				inArray(escalation.customerId, [...new Set(customerIds)]),
				inArray(escalation.status, ['open', 'in_progress', 'waiting_on_support'])
			)
		)
		.orderBy(asc(escalation.id));
	return rows.map((row) => row.id);
}

/**
 * Escalations whose support ticket or engineering issue link ends with `key`
 * (`…/agent/tickets/4312`, `…/browse/ENG-42`, `…/0/123/456/f`), newest first: how an
 * inbound integration finds the escalation a ticket or issue belongs to.
 */
export async function escalationIdsLinkedTo(
	tx: Executor,
	link: 'ticket' | 'issue',
	key: string
): Promise<number[]> {
	if (!/^[\w-]{1,60}$/.test(key)) return [];
	const column = link === 'ticket' ? escalation.ticketUrl : escalation.engineeringIssueUrl;
	const rows = await tx
		.select({ id: escalation.id })
		.from(escalation)
		.where(sql`${column} ~* ${`[/#=:]${key}(/f)?/?$`}`)
		.orderBy(desc(escalation.id))
		.limit(5);
	return rows.map((row) => row.id);
}

/** Which of these ids name an escalation. */
export async function existingEscalationIds(tx: Executor, ids: number[]): Promise<number[]> {
	if (ids.length === 0) return [];
	const rows = await tx
		.select({ id: escalation.id })
		.from(escalation)
		.where(inArray(escalation.id, ids));
	return rows.map((row) => row.id);
}
