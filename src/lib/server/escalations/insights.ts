// What insights read of escalations for one period: the escalations that were opened,
// answered, resolved or still open in it, and the reopenings, with who they belong to.
import { and, gte, inArray, lt, notInArray, or, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { useDb, type Executor } from '../db/client';
import { escalation, escalationHistory } from './schema';

/** An escalation's times, as insights count them (resolved: resolved, or closed without it). */
export interface EscalationTimes {
	id: number;
	reporterId: number;
	assigneeId: number | null;
	openedAt: Date;
	firstResponseAt: Date | null;
	resolvedAt: Date | null;
}

const resolvedAt = sql<Date | null>`coalesce(${escalation.resolvedAt}, ${escalation.closedAt})`;

/**
 * Escalations that matter to the period [from, to): opened, first answered or resolved in
 * it, or still open at its end; and the escalations reopened in it (a status moving from
 * resolved or closed back to work), once per reopening.
 */
export async function escalationTimesBetween(
	from: Date,
	to: Date,
	db: Executor = useDb()
): Promise<{ escalations: EscalationTimes[]; reopened: { escalationId: number; at: Date }[] }> {
	// A raw fragment's parameters go to the driver as they are: instants as ISO text.
	const [fromText, toText] = [from.toISOString(), to.toISOString()];
	const inPeriod = (column: PgColumn) => and(gte(column, from), lt(column, to));
	const rows = await db
		.select({
			id: escalation.id,
			reporterId: escalation.reporterId,
			assigneeId: escalation.assigneeId,
			openedAt: escalation.openedAt,
			firstResponseAt: escalation.firstResponseAt,
			resolvedAt
		})
		.from(escalation)
		.where(
			or(
				inPeriod(escalation.openedAt),
				inPeriod(escalation.firstResponseAt),
				sql`(${resolvedAt} >= ${fromText}::timestamptz and ${resolvedAt} < ${toText}::timestamptz)`,
				and(
					lt(escalation.openedAt, to),
					sql`(${resolvedAt} is null or ${resolvedAt} >= ${toText}::timestamptz)`
				)
			)
		);
	const reopened = await db
		.select({ escalationId: escalationHistory.escalationId, at: escalationHistory.at })
		.from(escalationHistory)
		.where(
			and(
				sql`${escalationHistory.change} = 'status'`,
				inArray(escalationHistory.fromValue, ['resolved', 'closed']),
				notInArray(escalationHistory.toValue, ['resolved', 'closed']),
				gte(escalationHistory.at, from),
				lt(escalationHistory.at, to)
			)
		);
	return {
		escalations: rows.map((row) => ({
			...row,
			resolvedAt: row.resolvedAt ? new Date(row.resolvedAt) : null
		})),
		reopened
	};
}

/** The assignee of each escalation named (unassigned ones are left out). */
export async function assigneesOf(ids: number[], db: Executor = useDb()) {
	const map = new Map<number, number>();
	if (ids.length === 0) return map;
	const rows = await db
		.select({ id: escalation.id, assigneeId: escalation.assigneeId })
		.from(escalation)
		.where(inArray(escalation.id, ids));
	for (const row of rows) if (row.assigneeId) map.set(row.id, row.assigneeId);
	return map;
}
