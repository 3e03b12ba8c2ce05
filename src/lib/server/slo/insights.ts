// What insights read of SLOs for one period: each clock decided in it, met in time or
// breached, with its policy and escalation.
import { and, eq, gte, lt, ne } from 'drizzle-orm';
import { useDb, type Executor } from '../db/client';
import { sloClock, sloClockHistory, sloPolicy } from './schema';

export interface SloOutcome {
	clockId: number;
	escalationId: number;
	policyId: number;
	policyName: string;
	outcome: 'met' | 'breached';
}

/**
 * Clocks decided in [from, to): breached in it (the first breach counts; a clock met late
 * afterwards is not counted again), or met in it without having breached.
 */
export async function sloOutcomesBetween(
	from: Date,
	to: Date,
	db: Executor = useDb()
): Promise<SloOutcome[]> {
	const fields = {
		clockId: sloClock.id,
		escalationId: sloClock.escalationId,
		policyId: sloPolicy.id,
		policyName: sloPolicy.name
	};
	const met = await db
		.select(fields)
		.from(sloClock)
		.innerJoin(sloPolicy, eq(sloPolicy.id, sloClock.policyId))
		.where(
			and(
				eq(sloClock.status, 'met'),
				ne(sloClock.level, 'breached'),
				gte(sloClock.metAt, from),
				lt(sloClock.metAt, to)
			)
		);
	const breached = await db
		.selectDistinct(fields)
		.from(sloClockHistory)
		.innerJoin(sloClock, eq(sloClock.id, sloClockHistory.clockId))
		.innerJoin(sloPolicy, eq(sloPolicy.id, sloClock.policyId))
		.where(
			and(
				eq(sloClockHistory.change, 'breached'),
				gte(sloClockHistory.at, from),
				lt(sloClockHistory.at, to)
			)
		);
	return [
		...met.map((row) => ({ ...row, outcome: 'met' as const })),
		...breached.map((row) => ({ ...row, outcome: 'breached' as const }))
	];
}
