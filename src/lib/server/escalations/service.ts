// Escalations: problems handed from support (or a bug bash) to engineering, in the standard
// format. Every change is recorded in the escalation's history and as an event in its room
// (`escalation:<id>`) and the list room (`escalations`), in the same transaction. The SLO
// timestamps (first response, last engineering update, resolved) are kept here.
import { parseId } from '$lib/ids';
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
	sql,
	type SQL
} from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import {
	STATUS_LABELS,
	type escalationSchema,
	type EscalationStatus
} from '$lib/schemas/escalations';
import type { SessionPerson } from '../auth/session';
import { storeAttachments, type CheckedFile } from '../attachments/service';
import { rowsOf, useDb, type Executor, type Transaction } from '../db/client';
import {
	bug,
	bugBash,
	department,
	escalation,
	escalationComment,
	escalationHistory,
	person,
	team
} from '../db/schema';
import { ServiceError } from '../errors';
import { notify } from '../notifications';
import { withEvents, type RecordEvent } from '../realtime/events';
import { registerRoomPolicy } from '../realtime/rooms';

export type NewEscalation = z.output<typeof escalationSchema>;
export type Severity = NewEscalation['severity'];

/** The list room: every open list of escalations listens here. */
export const ESCALATIONS_ROOM = 'escalations';

export function escalationRoom(escalationId: number): string {
	return `escalation:${escalationId}`;
}

export function escalationHref(escalationId: number): string {
	return `/escalations/${escalationId}`;
}

/** Where each status may go next; anything else is refused. */
const NEXT_STATUSES: Record<EscalationStatus, EscalationStatus[]> = {
	open: ['in_progress', 'waiting_on_support', 'resolved'],
	in_progress: ['waiting_on_support', 'resolved'],
	waiting_on_support: ['in_progress', 'resolved'],
	resolved: ['closed', 'open'],
	closed: ['open']
};

export function nextStatuses(status: EscalationStatus): EscalationStatus[] {
	return NEXT_STATUSES[status];
}

// ---- who may do what -------------------------------------------------------------------

/** What the rules need to know about the person acting. */
export interface Actor {
	id: number;
	role: 'admin' | 'member';
	departmentKind: SessionPerson['departmentKind'];
}

/** Engineering and Product answer escalations: their actions count for the SLOs. */
export function isEngineeringSide(actor: Pick<Actor, 'departmentKind'>): boolean {
	return actor.departmentKind === 'engineering' || actor.departmentKind === 'product';
}

export function mayChangeStatus(
	actor: Actor,
	target: { reporterId: number; assigneeId: number | null }
): boolean {
	return (
		actor.role === 'admin' ||
		isEngineeringSide(actor) ||
		actor.id === target.reporterId ||
		actor.id === target.assigneeId
	);
}

export function mayAssign(actor: Actor): boolean {
	return actor.role === 'admin' || isEngineeringSide(actor);
}

interface Member extends Actor {
	name: string;
	active: boolean;
}

/** A person with their department, read fresh (a team change applies at once). */
async function memberOf(tx: Executor, personId: number): Promise<Member | null> {
	const [row] = await tx
		.select({
			id: person.id,
			name: person.name,
			role: person.role,
			active: person.active,
			departmentKind: department.kind
		})
		.from(person)
		.leftJoin(team, eq(team.id, person.teamId))
		.leftJoin(department, eq(department.id, team.departmentId))
		.where(eq(person.id, personId));
	return row ?? null;
}

async function requireMember(tx: Executor, personId: number): Promise<Member> {
	const member = await memberOf(tx, personId);
	if (!member || !member.active) throw new ServiceError('Your account cannot do that.');
	return member;
}

/** The escalation, locked until the commit so concurrent changes apply one after another. */
async function lockEscalation(tx: Transaction, escalationId: number) {
	const [row] = await tx
		.select()
		.from(escalation)
		.where(eq(escalation.id, escalationId))
		.for('update');
	if (!row) throw new ServiceError('That escalation does not exist.');
	return row;
}

type EscalationRow = typeof escalation.$inferSelect;

/**
 * The timestamps an action moves. A comment, status change or assignment from Engineering
 * or Product (other than by the reporter) is an engineering response for the SLOs.
 */
function touched(actor: Member, target: EscalationRow, now: Date) {
	const engineering = isEngineeringSide(actor) && actor.id !== target.reporterId;
	return {
		updatedAt: now,
		...(engineering && {
			lastEngineeringUpdateAt: now,
			firstResponseAt: target.firstResponseAt ?? now
		})
	};
}

/** Reporter and assignee hear about a change; the actor never does (notify skips them). */
function watchersOf(target: EscalationRow, ...others: (number | null)[]): number[] {
	return [target.reporterId, target.assigneeId, ...others].filter((id): id is number => !!id);
}

async function recordHistory(
	tx: Executor,
	escalationId: number,
	actorId: number,
	change: string,
	fromValue: string | null,
	toValue: string | null
): Promise<void> {
	await tx.insert(escalationHistory).values({ escalationId, actorId, change, fromValue, toValue });
}

// ---- opening ---------------------------------------------------------------------------

function blankToNull(value: string | undefined): string | null {
	return value?.trim() ? value.trim() : null;
}

/**
 * Opens an escalation inside the caller's transaction (the bug bash promotes bugs through
 * it). The reporter's form key makes a repeat return the escalation already opened,
 * writing nothing else.
 */
export async function openEscalationIn(
	tx: Transaction,
	record: RecordEvent,
	actorId: number,
	input: NewEscalation,
	options: { bugId?: number; files?: CheckedFile[] } = {}
): Promise<{ escalationId: number; created: boolean }> {
	const existing = await escalationByKey(tx, actorId, input.clientKey);
	if (existing) return { escalationId: existing, created: false };
	if (options.bugId) await refuseSecondEscalationOf(tx, options.bugId);
	const [created] = await tx
		.insert(escalation)
		.values({
			clientKey: input.clientKey,
			title: input.title,
			description: input.description,
			steps: input.steps,
			expected: input.expected,
			actual: input.actual,
			environment: input.environment,
			severity: input.severity,
			customerName: blankToNull(input.customerName),
			customerTier: input.customerTier ?? null,
			customerUrl: blankToNull(input.customerUrl),
			ticketUrl: blankToNull(input.ticketUrl),
			engineeringIssueUrl: blankToNull(input.engineeringIssueUrl),
			reporterId: actorId,
			bugId: options.bugId ?? null
		})
		.onConflictDoNothing({ target: [escalation.reporterId, escalation.clientKey] })
		.returning();
	if (!created) {
		// Another submit of the same form won the race: answer with its escalation.
		return { escalationId: (await escalationByKey(tx, actorId, input.clientKey))!, created: false };
	}
	await recordHistory(tx, created.id, actorId, 'opened', null, created.status);
	await storeAttachments(tx, options.files ?? [], {
		escalationId: created.id,
		uploaderId: actorId
	});
	const summary = listEventPayload(created);
	await record(ESCALATIONS_ROOM, 'escalation.opened', summary, actorId);
	await record(escalationRoom(created.id), 'escalation.opened', summary, actorId);
	return { escalationId: created.id, created: true };
}

async function escalationByKey(tx: Executor, reporterId: number, clientKey: string) {
	const [row] = await tx
		.select({ id: escalation.id })
		.from(escalation)
		.where(and(eq(escalation.reporterId, reporterId), eq(escalation.clientKey, clientKey)));
	return row?.id ?? null;
}

async function refuseSecondEscalationOf(tx: Executor, bugId: number): Promise<void> {
	const [row] = await tx
		.select({ id: escalation.id })
		.from(escalation)
		.where(eq(escalation.bugId, bugId));
	if (row) throw new ServiceError(`That bug is already escalation #${row.id}.`);
}

function listEventPayload(row: EscalationRow) {
	return {
		escalationId: row.id,
		title: row.title,
		severity: row.severity,
		status: row.status,
		customerName: row.customerName
	};
}

/** Anyone signed in may open an escalation, with checked screenshots and logs. */
export async function openEscalation(
	actorId: number,
	input: NewEscalation,
	files: CheckedFile[] = []
): Promise<{ escalationId: number; created: boolean }> {
	return withEvents(async (tx, record) => {
		await requireMember(tx, actorId);
		return openEscalationIn(tx, record, actorId, input, { files });
	});
}

// ---- changes ---------------------------------------------------------------------------

/** Moves an escalation along its workflow (see NEXT_STATUSES), keeping the SLO timestamps. */
export async function changeStatus(
	actorId: number,
	escalationId: number,
	status: EscalationStatus
): Promise<void> {
	await withEvents(async (tx, record) => {
		const actor = await requireMember(tx, actorId);
		const target = await lockEscalation(tx, escalationId);
		if (!mayChangeStatus(actor, target)) {
			throw new ServiceError(
				'Only Engineering, Product, the reporter or the assignee can change the status.',
				'status'
			);
		}
		refuseTransition(target.status, status);
		const now = new Date();
		const reopened = status === 'open';
		const [updated] = await tx
			.update(escalation)
			.set({
				status,
				...touched(actor, target, now),
				...(status === 'resolved' && { resolvedAt: now }),
				...(status === 'closed' && { closedAt: now }),
				...(reopened && { resolvedAt: null, closedAt: null })
			})
			.where(eq(escalation.id, escalationId))
			.returning();
		await recordHistory(tx, escalationId, actorId, 'status', target.status, status);
		await record(
			escalationRoom(escalationId),
			'escalation.status',
			{
				from: target.status,
				status,
				...timestampsOf(updated)
			},
			actorId
		);
		await record(ESCALATIONS_ROOM, 'escalation.changed', listEventPayload(updated), actorId);
		const text = `Escalation #${escalationId} is now ${STATUS_LABELS[status]}`;
		await notify(
			tx,
			record,
			watchersOf(target),
			{ kind: 'escalation.updated', text, href: escalationHref(escalationId) },
			actorId
		);
	});
}

function refuseTransition(from: EscalationStatus, to: EscalationStatus): void {
	if (from === to)
		throw new ServiceError(`The escalation is already ${STATUS_LABELS[to]}.`, 'status');
	const allowed = NEXT_STATUSES[from];
	if (allowed.includes(to)) return;
	const options = allowed.map((s) => STATUS_LABELS[s]).join(' or ');
	throw new ServiceError(
		`An escalation that is ${STATUS_LABELS[from]} can move to ${options}, not to ${STATUS_LABELS[to]}.`,
		'status'
	);
}

function timestampsOf(row: EscalationRow) {
	return {
		updatedAt: row.updatedAt,
		firstResponseAt: row.firstResponseAt,
		lastEngineeringUpdateAt: row.lastEngineeringUpdateAt,
		resolvedAt: row.resolvedAt,
		closedAt: row.closedAt
	};
}

/** Gives the escalation to an active person in Engineering or Product (null: to nobody). */
export async function assignEscalation(
	actorId: number,
	escalationId: number,
	assigneeId: number | null
): Promise<void> {
	await withEvents(async (tx, record) => {
		const actor = await requireMember(tx, actorId);
		const target = await lockEscalation(tx, escalationId);
		if (!mayAssign(actor)) {
			throw new ServiceError(
				'Only people in Engineering or Product can assign escalations.',
				'assigneeId'
			);
		}
		const assignee = assigneeId === null ? null : await requireAssignable(tx, assigneeId);
		if (target.assigneeId === assigneeId) return;
		const now = new Date();
		const [updated] = await tx
			.update(escalation)
			.set({ assigneeId, ...touched(actor, target, now) })
			.where(eq(escalation.id, escalationId))
			.returning();
		await recordHistory(
			tx,
			escalationId,
			actorId,
			'assignee',
			target.assigneeId === null ? null : String(target.assigneeId),
			assigneeId === null ? null : String(assigneeId)
		);
		const assigneeName = assignee?.name ?? null;
		await record(
			escalationRoom(escalationId),
			'escalation.assigned',
			{ assigneeId, assigneeName, ...timestampsOf(updated) },
			actorId
		);
		await record(ESCALATIONS_ROOM, 'escalation.changed', listEventPayload(updated), actorId);
		const text = assignee
			? `Escalation #${escalationId} is now assigned to ${assignee.name}`
			: `Escalation #${escalationId} is now unassigned`;
		await notify(
			tx,
			record,
			watchersOf(target, assigneeId),
			{ kind: 'escalation.updated', text, href: escalationHref(escalationId) },
			actorId
		);
	});
}

async function requireAssignable(tx: Executor, personId: number): Promise<Member> {
	const member = await memberOf(tx, personId);
	if (!member) throw new ServiceError('That person does not exist.', 'assigneeId');
	if (!member.active || !isEngineeringSide(member)) {
		throw new ServiceError(
			`${member.name} cannot take escalations: choose an active person in Engineering or Product.`,
			'assigneeId'
		);
	}
	return member;
}

/** Anyone signed in may join the conversation between support and engineering. */
export async function commentOnEscalation(
	actorId: number,
	escalationId: number,
	body: string
): Promise<number> {
	const text = body.trim();
	if (!text) throw new ServiceError('Write a comment first.', 'body');
	return withEvents(async (tx, record) => {
		const actor = await requireMember(tx, actorId);
		const target = await lockEscalation(tx, escalationId);
		const [comment] = await tx
			.insert(escalationComment)
			.values({ escalationId, authorId: actorId, body: text })
			.returning();
		await tx
			.update(escalation)
			.set(touched(actor, target, comment.createdAt))
			.where(eq(escalation.id, escalationId));
		await recordHistory(tx, escalationId, actorId, 'comment', null, String(comment.id));
		await record(
			escalationRoom(escalationId),
			'escalation.commented',
			{ ...comment, authorName: actor.name },
			actorId
		);
		await record(ESCALATIONS_ROOM, 'escalation.changed', listEventPayload(target), actorId);
		await notify(
			tx,
			record,
			watchersOf(target),
			{
				kind: 'escalation.comment',
				text: `${actor.name} commented on escalation #${escalationId}`,
				href: escalationHref(escalationId)
			},
			actorId
		);
		return comment.id;
	});
}

// ---- queries ---------------------------------------------------------------------------

export interface EscalationFilters {
	status?: EscalationStatus;
	severity?: Severity;
	/** Part of the customer's name, any case. */
	customer?: string;
	/** A person's id, or null for the unassigned ones. */
	assigneeId?: number | null;
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
	return conditions;
}

/** Escalations matching the filters, newest first, with names and the number of comments. */
export async function listEscalations(filters: EscalationFilters = {}) {
	return useDb()
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
			assigneeName: assignee.name,
			comments: sql<number>`(select count(*)::int from ${escalationComment}
				where ${escalationComment.escalationId} = ${escalation.id})`
		})
		.from(escalation)
		.innerJoin(reporter, eq(reporter.id, escalation.reporterId))
		.leftJoin(assignee, eq(assignee.id, escalation.assigneeId))
		.where(and(...filterConditions(filters)))
		.orderBy(desc(escalation.openedAt), desc(escalation.id))
		.limit(Math.min(Math.max(filters.limit ?? 50, 1), 200))
		.offset(Math.max(filters.offset ?? 0, 0));
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
			assigneeName: assignee.name,
			bugTitle: bug.title,
			bashId: bug.bashId,
			bashTitle: bugBash.title
		})
		.from(escalation)
		.innerJoin(reporter, eq(reporter.id, escalation.reporterId))
		.leftJoin(reporterTeam, eq(reporterTeam.id, reporter.teamId))
		.leftJoin(reporterDepartment, eq(reporterDepartment.id, reporterTeam.departmentId))
		.leftJoin(assignee, eq(assignee.id, escalation.assigneeId))
		.leftJoin(bug, eq(bug.id, escalation.bugId))
		.leftJoin(bugBash, eq(bugBash.id, bug.bashId))
		.where(eq(escalation.id, escalationId));
	return row ?? null;
}

/** The conversation, oldest first. */
export async function commentsOf(escalationId: number) {
	return useDb()
		.select({
			id: escalationComment.id,
			body: escalationComment.body,
			createdAt: escalationComment.createdAt,
			authorId: escalationComment.authorId,
			authorName: person.name,
			departmentName: department.name,
			departmentKind: department.kind
		})
		.from(escalationComment)
		.innerJoin(person, eq(person.id, escalationComment.authorId))
		.leftJoin(team, eq(team.id, person.teamId))
		.leftJoin(department, eq(department.id, team.departmentId))
		.where(eq(escalationComment.escalationId, escalationId))
		.orderBy(asc(escalationComment.createdAt), asc(escalationComment.id));
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
	return useDb()
		.select({
			id: person.id,
			name: person.name,
			teamName: team.name,
			departmentName: department.name,
			departmentKind: department.kind
		})
		.from(person)
		.innerJoin(team, eq(team.id, person.teamId))
		.innerJoin(department, eq(department.id, team.departmentId))
		.where(and(eq(person.active, true), inArray(department.kind, ['engineering', 'product'])))
		.orderBy(asc(sql`lower(${person.name})`), asc(person.id));
}

// Escalations are visible to everyone signed in: the list room, and any escalation that exists.
registerRoomPolicy(ESCALATIONS_ROOM, { canJoin: (_person, id) => id === null });
registerRoomPolicy('escalation', {
	canJoin: async (_person, id) => {
		const escalationId = parseId(id);
		if (!escalationId) return false;
		const [row] = await useDb()
			.select({ id: escalation.id })
			.from(escalation)
			.where(eq(escalation.id, escalationId));
		return Boolean(row);
	}
});

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
