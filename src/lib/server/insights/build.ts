// Building one period's rollups: read what happened in it through each module's public
// API, attribute it to the organisation, departments, teams and people, and reduce it to
// the figures the pages show. Pure reduction in `Tally`; the reads in `gatherPeriod`.
import { businessMinutesBetween, type BusinessCalendar } from '$lib/business-time';
import type { InsightLevel } from '$lib/insights/types';
import { escalationsFromBugs, bugsFoundBetween } from '../bugbash';
import type { Executor } from '../db/client';
import { demoParticipantsBetween } from '../demos';
import { assigneesOf, escalationTimesBetween } from '../escalations';
import { hackathonParticipantsBetween } from '../hackathons';
import { kudosFlowsBetween } from '../kudos';
import { department, person, team } from '../org';
import { topRequestsAskedBetween } from '../requests';
import { sloOutcomesBetween } from '../slo';
import { getBusinessCalendar } from '../workspace';
import { eq } from 'drizzle-orm';
import { quantile } from './rules';

/** One rollup row before it is stored. */
export interface RollupFigure {
	level: InsightLevel;
	subjectId: number;
	metric: string;
	key: string;
	label: string | null;
	value: number;
	p50: number | null;
	p90: number | null;
	dist: number[] | null;
}

/** Where something counts: a person with the team and department they sat in. */
export interface Place {
	personId: number | null;
	teamId: number | null;
	departmentId: number | null;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

/** Adds figures up per subject, and keeps the samples of distribution metrics. */
export class Tally {
	private figures = new Map<string, RollupFigure & { samples: number[] | null }>();

	private cell(level: InsightLevel, subjectId: number, metric: string, key = '', label?: string) {
		const id = `${level}|${subjectId}|${metric}|${key}`;
		let figure = this.figures.get(id);
		if (!figure) {
			figure = {
				...{ level, subjectId, metric, key, label: label ?? null },
				...{ value: 0, p50: null, p90: null, dist: null, samples: null }
			};
			this.figures.set(id, figure);
		}
		return figure;
	}

	private subjects(place: Place): [InsightLevel, number][] {
		const out: [InsightLevel, number][] = [['org', 0]];
		if (place.departmentId) out.push(['department', place.departmentId]);
		if (place.teamId) out.push(['team', place.teamId]);
		if (place.personId) out.push(['person', place.personId]);
		return out;
	}

	/** Counts `amount` for the place's person, team, department and the organisation. */
	count(place: Place, metric: string, amount = 1, key = '', label?: string) {
		for (const [level, id] of this.subjects(place)) {
			this.cell(level, id, metric, key, label).value += amount;
		}
	}

	/** Adds one sample of a distribution metric at every level of the place. */
	sample(place: Place, metric: string, value: number) {
		for (const [level, id] of this.subjects(place)) {
			const figure = this.cell(level, id, metric);
			(figure.samples ??= []).push(value);
			figure.value += 1;
		}
	}

	/** Counts at one subject only (the organisation's kudos matrix, the top requests). */
	countAt(
		level: InsightLevel,
		subjectId: number,
		metric: string,
		amount: number,
		key = '',
		label?: string
	) {
		this.cell(level, subjectId, metric, key, label).value += amount;
	}

	/** The figures, distributions sorted and summarised. */
	figuresOut(): RollupFigure[] {
		return [...this.figures.values()].map(({ samples, ...figure }) => {
			if (!samples) return figure;
			const dist = samples.sort((a, b) => a - b);
			return { ...figure, dist, p50: quantile(dist, 0.5), p90: quantile(dist, 0.9) };
		});
	}
}

/** What the reduction needs besides the facts: people's current places and the calendar. */
export interface BuildContext {
	from: Date;
	to: Date;
	now: Date;
	calendar: BusinessCalendar;
	places: Map<number, Place>;
}

/** Reads the period's facts and reduces them to rollup figures. */
export async function gatherPeriod(tx: Executor, context: BuildContext): Promise<RollupFigure[]> {
	const { from, to, now, calendar, places } = context;
	const tally = new Tally();
	const placeOf = (personId: number | null): Place =>
		(personId ? places.get(personId) : undefined) ?? {
			personId: null,
			teamId: null,
			departmentId: null
		};
	const inPeriod = (at: Date | null) => at !== null && at >= from && at < to;

	const { escalations, reopened } = await escalationTimesBetween(from, to, tx);
	const end = to < now ? to : now;
	const fromBugs = await escalationsFromBugs(
		escalations.filter((e) => inPeriod(e.openedAt)).map((e) => e.id),
		tx
	);
	for (const e of escalations) {
		const owner = placeOf(e.assigneeId);
		if (inPeriod(e.openedAt)) {
			tally.count(owner, 'esc.opened');
			tally.count(placeOf(e.reporterId), 'esc.raised');
			if (!fromBugs.has(e.id)) tally.count(placeOf(e.reporterId), 'bugs.customer');
		}
		if (e.firstResponseAt && inPeriod(e.firstResponseAt)) {
			tally.sample(
				owner,
				'esc.firstResponse',
				businessMinutesBetween(e.openedAt, e.firstResponseAt, calendar)
			);
		}
		if (e.resolvedAt && inPeriod(e.resolvedAt)) {
			tally.count(owner, 'esc.closed');
			tally.sample(
				owner,
				'esc.resolution',
				Math.round((e.resolvedAt.getTime() - e.openedAt.getTime()) / MINUTE)
			);
		}
		if (e.openedAt < end && (!e.resolvedAt || e.resolvedAt >= end)) {
			tally.sample(owner, 'esc.openAge', Math.floor((end.getTime() - e.openedAt.getTime()) / DAY));
		}
	}
	const reopenedOwners = await assigneesOf([...new Set(reopened.map((r) => r.escalationId))], tx);
	for (const r of reopened)
		tally.count(placeOf(reopenedOwners.get(r.escalationId) ?? null), 'esc.reopened');

	const outcomes = await sloOutcomesBetween(from, to, tx);
	const sloOwners = await assigneesOf([...new Set(outcomes.map((o) => o.escalationId))], tx);
	for (const o of outcomes) {
		const owner = placeOf(sloOwners.get(o.escalationId) ?? null);
		tally.count(
			owner,
			o.outcome === 'met' ? 'slo.met' : 'slo.breached',
			1,
			String(o.policyId),
			o.policyName
		);
	}

	for (const row of await bugsFoundBetween(from, to, tx)) {
		tally.count(placeOf(row.personId), 'bugs.found', row.count);
	}

	const flows = await kudosFlowsBetween(from, to, tx);
	for (const row of flows.given) {
		const at: Place = {
			personId: row.personId,
			teamId: row.teamId,
			departmentId: row.departmentId
		};
		tally.count(at, 'kudos.given', row.count);
		if (row.crossDepartment) tally.count(at, 'kudos.givenAcross', row.count);
	}
	for (const row of flows.received) {
		const at: Place = {
			personId: row.personId,
			teamId: row.teamId,
			departmentId: row.departmentId
		};
		tally.count(at, 'kudos.received', row.count);
		if (row.departmentId !== row.fromDepartmentId)
			tally.count(at, 'kudos.receivedAcross', row.count);
		if (row.departmentId && row.fromDepartmentId) {
			tally.countAt(
				'org',
				0,
				'kudos.matrix',
				row.count,
				`${row.fromDepartmentId}>${row.departmentId}`
			);
		}
	}

	for (const id of await hackathonParticipantsBetween(from, to, tx)) {
		tally.count(placeOf(id), 'hackathon.participants');
	}
	for (const id of await demoParticipantsBetween(from, to, tx)) {
		tally.count(placeOf(id), 'demo.participants');
	}

	// Asked for in this period, so a past month keeps its own (and the one before compares).
	for (const request of await topRequestsAskedBetween(from, to, 10, tx)) {
		tally.countAt('org', 0, 'requests.top', request.arr, String(request.id), request.title);
	}
	return tally.figuresOut();
}

/** Everyone's current team and department, and the working calendar. */
export async function buildInputs(tx: Executor) {
	const rows = await tx
		.select({ personId: person.id, teamId: person.teamId, departmentId: team.departmentId })
		.from(person)
		.leftJoin(team, eq(team.id, person.teamId))
		.leftJoin(department, eq(department.id, team.departmentId));
	const places = new Map<number, Place>(rows.map((row) => [row.personId, row]));
	return { places, calendar: await getBusinessCalendar(tx) };
}
