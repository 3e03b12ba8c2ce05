// Reading insights: one subject's figures for a period beside the previous one, their
// trend over six periods, at the organisation level the figures by department, the kudos
// matrix and the top requests, and at the department level the figures by team. Everything comes from the rollups (built on first
// view when missing); each chart's numbers also come out as a table for the page and CSV.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { InsightLevel, PeriodKind } from '$lib/insights/types';
import { useDb } from '../db/client';
import { department, person, team } from '../org';
import { ensurePeriods } from './service';
import { countAbove, mayViewInsights, periodLabel, periodStartOf, shiftPeriod } from './rules';
import { insightPeriod, insightRollup } from './schema';
import {
	headlineOf,
	figureTables,
	type BreakdownFigures,
	type ChartTable,
	type Figures,
	type Headline
} from './tables';

export type { ChartTable, Headline, BreakdownFigures };

export interface InsightsRequest {
	kind: PeriodKind;
	start: string;
	level: InsightLevel;
	subjectId: number;
	openAgeDays: number;
}

const TREND = 6;

/** The subject's name, or null when there is no such department, team or person. */
async function subjectName(level: InsightLevel, id: number): Promise<string | null> {
	const db = useDb();
	if (level === 'org') return 'Organisation';
	const table = level === 'department' ? department : level === 'team' ? team : person;
	const [row] = await db.select({ name: table.name }).from(table).where(eq(table.id, id));
	return row?.name ?? null;
}

type Row = {
	start: string;
	metric: string;
	key: string;
	label: string | null;
	value: number;
	p50: number | null;
	p90: number | null;
	dist: number[] | null;
};

function figuresFrom(rows: Row[], openAgeDays: number): Figures {
	const figures: Figures = { values: {}, p50: {}, p90: {}, keyed: {} };
	for (const row of rows) {
		if (row.key) {
			(figures.keyed[row.metric] ??= []).push({ key: row.key, label: row.label, value: row.value });
			continue;
		}
		figures.values[row.metric] = row.value;
		if (row.p50 !== null) figures.p50[row.metric] = row.p50;
		if (row.p90 !== null) figures.p90[row.metric] = row.p90;
		if (row.metric === 'esc.openAge' && row.dist) {
			const dist: number[] = typeof row.dist === 'string' ? JSON.parse(row.dist) : row.dist;
			figures.values['esc.openLonger'] = countAbove(dist, openAgeDays);
		}
	}
	return figures;
}

/**
 * What /insights shows for a viewer, or null when the subject does not exist or the viewer
 * may not see it (a person's own figures are theirs and admins' only: 404 either way).
 */
export async function insightsView(
	viewer: { id: number; role: 'admin' | 'member' },
	request: InsightsRequest,
	now = new Date()
) {
	const { kind, start, level, subjectId, openAgeDays } = request;
	if (!mayViewInsights(viewer, level, subjectId)) return null;
	const name = await subjectName(level, subjectId);
	if (name === null) return null;
	const starts = Array.from({ length: TREND }, (_, i) => shiftPeriod(kind, start, i - TREND + 1));
	await ensurePeriods(kind, starts, now);
	const previous = starts[TREND - 2];
	const db = useDb();
	const rows = await db
		.select({
			start: insightRollup.start,
			metric: insightRollup.metric,
			key: insightRollup.key,
			label: insightRollup.label,
			value: insightRollup.value,
			p50: insightRollup.p50,
			p90: insightRollup.p90,
			// Only the open-age distributions of the two periods compared are read.
			dist: sql<
				number[] | null
			>`case when ${insightRollup.metric} = 'esc.openAge' and ${insightRollup.start} in (${start}, ${previous}) then ${insightRollup.dist} end`
		})
		.from(insightRollup)
		.where(
			and(
				eq(insightRollup.kind, kind),
				eq(insightRollup.level, level),
				eq(insightRollup.subjectId, subjectId),
				inArray(insightRollup.start, starts)
			)
		);
	const byStart = new Map<string, Row[]>(starts.map((s) => [s, []]));
	for (const row of rows) byStart.get(row.start)?.push(row);
	const trend = starts.map((s) => figuresFrom(byStart.get(s)!, openAgeDays));
	const current = trend[TREND - 1];
	const before = trend[TREND - 2];

	const departments = level === 'org' ? await breakdownOf('department', kind, start, previous) : [];
	const teams =
		level === 'department' ? await breakdownOf('team', kind, start, previous, subjectId) : [];
	const [period] = await db
		.select({ builtAt: insightPeriod.builtAt, frozen: insightPeriod.frozen })
		.from(insightPeriod)
		.where(and(eq(insightPeriod.kind, kind), eq(insightPeriod.start, start)));
	const labels = starts.map((s) => periodLabel(kind, s));
	const headline = headlineOf(trend, openAgeDays);
	return {
		kind,
		start,
		previous,
		next: start < periodStartOf(kind, now) ? shiftPeriod(kind, start, 1) : null,
		label: labels[TREND - 1],
		previousLabel: labels[TREND - 2],
		trendLabels: labels,
		level,
		subjectId,
		subjectName: name,
		openAgeDays,
		builtAt: period?.builtAt ?? null,
		frozen: period?.frozen ?? false,
		headline,
		tables: figureTables({
			...{ headline, trend, labels, current, before, departments, teams },
			matrixNames: new Map(departments.map((d) => [d.id, d.name])),
			level
		})
	};
}
export type InsightsView = NonNullable<Awaited<ReturnType<typeof insightsView>>>;

/**
 * Each department's (or each team of one department's) figures in the period and the one
 * before, from their rollups.
 */
async function breakdownOf(
	level: 'department' | 'team',
	kind: PeriodKind,
	start: string,
	previous: string,
	departmentId?: number
): Promise<BreakdownFigures[]> {
	const db = useDb();
	const subjects =
		level === 'department'
			? await db
					.select({ id: department.id, name: department.name })
					.from(department)
					.orderBy(asc(department.name))
			: await db
					.select({ id: team.id, name: team.name })
					.from(team)
					.where(eq(team.departmentId, departmentId!))
					.orderBy(asc(team.name));
	if (subjects.length === 0) return [];
	const rows = await db
		.select({
			start: insightRollup.start,
			subjectId: insightRollup.subjectId,
			metric: insightRollup.metric,
			value: insightRollup.value
		})
		.from(insightRollup)
		.where(
			and(
				eq(insightRollup.kind, kind),
				eq(insightRollup.level, level),
				inArray(
					insightRollup.subjectId,
					subjects.map((s) => s.id)
				),
				inArray(insightRollup.start, [start, previous]),
				eq(insightRollup.key, '')
			)
		);
	return subjects.map((d) => {
		const values = (s: string) =>
			Object.fromEntries(
				rows.filter((r) => r.subjectId === d.id && r.start === s).map((r) => [r.metric, r.value])
			);
		return { id: d.id, name: d.name, current: values(start), previous: values(previous) };
	});
}

/** The departments and teams a viewer may switch to (every member may see them all). */
export async function insightSubjects() {
	const db = useDb();
	const [departments, teams] = await Promise.all([
		db
			.select({ id: department.id, name: department.name })
			.from(department)
			.orderBy(asc(department.name)),
		db.select({ id: team.id, name: team.name }).from(team).orderBy(asc(team.name))
	]);
	return { departments, teams };
}
