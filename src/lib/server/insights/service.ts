// Writing rollups: build one period (gather outside any transaction, then replace its rows
// in one), refresh the current and previous periods (the recurring job), and build a
// missing period when a page asks for it. Periods closed when built are frozen.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { PeriodKind } from '$lib/insights/types';
import { useDb } from '../db/client';
import { registerLeasedJobHandler, scheduleRecurringJob } from '../jobs';
import { logFor } from '../log';
import { buildInputs, gatherPeriod } from './build';
import { isClosed, periodBounds, periodStartOf, shiftPeriod } from './rules';
import { insightPeriod, insightRollup } from './schema';

const log = logFor('insights');
const CHUNK = 1_000;

/** Rebuilds one period's rollups from the modules' data; answers how many figures it stored. */
export async function buildPeriod(
	kind: PeriodKind,
	start: string,
	now = new Date()
): Promise<number> {
	const db = useDb();
	const { from, to } = periodBounds(kind, start);
	const inputs = await buildInputs(db);
	const figures = await gatherPeriod(db, { from, to, now, ...inputs });
	const frozen = isClosed(kind, start, now);
	await db.transaction(async (tx) => {
		// The period row first: a concurrent build of the same period waits here.
		await tx
			.insert(insightPeriod)
			.values({ kind, start, frozen, builtAt: now })
			.onConflictDoUpdate({
				target: [insightPeriod.kind, insightPeriod.start],
				set: { frozen, builtAt: now }
			});
		await tx
			.delete(insightRollup)
			.where(and(eq(insightRollup.kind, kind), eq(insightRollup.start, start)));
		for (let i = 0; i < figures.length; i += CHUNK) {
			await tx
				.insert(insightRollup)
				.values(figures.slice(i, i + CHUNK).map((figure) => ({ ...figure, kind, start })));
		}
	});
	return figures.length;
}

/** Builds the periods of the list that have no rollups yet (a page's first view of them). */
export async function ensurePeriods(kind: PeriodKind, starts: string[], now = new Date()) {
	const built = await useDb()
		.select({ start: insightPeriod.start })
		.from(insightPeriod)
		.where(and(eq(insightPeriod.kind, kind), inArray(insightPeriod.start, starts)));
	const have = new Set(built.map((row) => row.start));
	for (const start of starts) {
		if (!have.has(start) && start <= periodStartOf(kind, now)) await buildPeriod(kind, start, now);
	}
}

/**
 * The refresh job's work: the current and previous month and week are rebuilt (late data
 * still lands in them); a period already frozen is left alone.
 */
export async function refreshInsights(now = new Date()): Promise<number> {
	let stored = 0;
	for (const kind of ['month', 'week'] as const) {
		const current = periodStartOf(kind, now);
		// The period before the previous one is built a last time, closed, and so frozen.
		for (const back of [2, 1, 0]) {
			const start = shiftPeriod(kind, current, -back);
			const [period] = await useDb()
				.select({ frozen: insightPeriod.frozen })
				.from(insightPeriod)
				.where(and(eq(insightPeriod.kind, kind), eq(insightPeriod.start, start)));
			if (period?.frozen || (back === 2 && !period)) continue;
			stored += await buildPeriod(kind, start, now);
		}
	}
	return stored;
}

/** When the rollups of a period were last built (null: never). */
export async function builtAt(kind: PeriodKind, start: string): Promise<Date | null> {
	const [row] = await useDb()
		.select({ builtAt: insightPeriod.builtAt })
		.from(insightPeriod)
		.where(and(eq(insightPeriod.kind, kind), eq(insightPeriod.start, start)));
	return row?.builtAt ?? null;
}

const REFRESH = 'insights.refresh';

/** Registers the refresh job: rebuilt outside the claiming transaction, under a lease. */
export function registerInsightJobs(): void {
	registerLeasedJobHandler<number>(REFRESH, {
		leaseMs: 10 * 60_000,
		work: () => refreshInsights(),
		record: async (_context, stored) => {
			log.debug({ stored }, 'insights refreshed');
		}
	});
}

/** Schedules the refresh on the job runner, once per deployment (every 10 minutes by default). */
export async function startInsightRefresh(everyMs = 10 * 60_000): Promise<void> {
	await scheduleRecurringJob(useDb(), { kind: REFRESH, key: REFRESH, everyMs });
}

/** Drops every rollup (tests and tools: the next view or refresh rebuilds them). */
export async function forgetInsights(): Promise<void> {
	await useDb().execute(sql`delete from insight_period`);
	await useDb().execute(sql`delete from insight_rollup`);
}
