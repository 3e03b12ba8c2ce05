// The figures as the page and the CSV exports show them: the headline rows (current,
// previous, change, trend) and one table per chart, in display units (hours, percent).
import type { InsightLevel } from '$lib/insights/types';

/** One period's figures of one subject, as read from the rollups. */
export interface Figures {
	values: Record<string, number>;
	p50: Record<string, number>;
	p90: Record<string, number>;
	keyed: Record<string, { key: string; label: string | null; value: number }[]>;
}

/** One department's (or team's) figures in the period and the one before, for a breakdown. */
export interface BreakdownFigures {
	id: number;
	name: string;
	current: Record<string, number>;
	previous: Record<string, number>;
}

export type Unit = 'count' | 'hours' | 'percent';

export interface Headline {
	id: string;
	label: string;
	unit: Unit;
	/** Whether a rise is good news (the change is shown in that light), or null: neither. */
	higherIsBetter: boolean | null;
	current: number | null;
	previous: number | null;
	change: number | null;
	trend: (number | null)[];
}

export interface ChartTable {
	id: string;
	title: string;
	columns: string[];
	rows: (string | number | null)[][];
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const hours = (minutes: number | undefined) =>
	minutes === undefined ? null : round1(minutes / 60);
const share = (part: number, whole: number) => (whole > 0 ? round1((part / whole) * 100) : null);
const sum = (list: { value: number }[] | undefined) =>
	(list ?? []).reduce((t, r) => t + r.value, 0);

type Reader = (f: Figures) => number | null;
const count =
	(metric: string): Reader =>
	(f) =>
		f.values[metric] ?? 0;

function metrics(openAgeDays: number): [string, string, Unit, boolean | null, Reader][] {
	return [
		['opened', 'Escalations opened', 'count', null, count('esc.opened')],
		['closed', 'Escalations resolved or closed', 'count', true, count('esc.closed')],
		[
			'firstResponse50',
			'First response, median (business hours)',
			'hours',
			false,
			(f) => hours(f.p50['esc.firstResponse'])
		],
		[
			'firstResponse90',
			'First response, p90 (business hours)',
			'hours',
			false,
			(f) => hours(f.p90['esc.firstResponse'])
		],
		[
			'resolution50',
			'Time to resolution, median (hours)',
			'hours',
			false,
			(f) => hours(f.p50['esc.resolution'])
		],
		[
			'resolution90',
			'Time to resolution, p90 (hours)',
			'hours',
			false,
			(f) => hours(f.p90['esc.resolution'])
		],
		[
			'reopenRate',
			'Reopen rate (% of resolved)',
			'percent',
			false,
			(f) => share(f.values['esc.reopened'] ?? 0, f.values['esc.closed'] ?? 0)
		],
		[
			'openLonger',
			`Open longer than ${openAgeDays} days at period end`,
			'count',
			false,
			(f) => f.values['esc.openLonger'] ?? (f.values['esc.openAge'] === undefined ? 0 : null)
		],
		[
			'sloAttainment',
			'SLO attainment (% met in time)',
			'percent',
			true,
			(f) => share(sum(f.keyed['slo.met']), sum(f.keyed['slo.met']) + sum(f.keyed['slo.breached']))
		],
		['sloBreaches', 'SLO breaches', 'count', false, (f) => sum(f.keyed['slo.breached'])],
		['bugsFound', 'Bugs found in bug bashes', 'count', true, count('bugs.found')],
		[
			'beforeLaunch',
			'Share of bugs found before launch (%)',
			'percent',
			true,
			(f) =>
				share(
					f.values['bugs.found'] ?? 0,
					(f.values['bugs.found'] ?? 0) + (f.values['bugs.customer'] ?? 0)
				)
		],
		['kudosGiven', 'Kudos given', 'count', true, count('kudos.given')],
		['kudosReceived', 'Kudos received', 'count', true, count('kudos.received')],
		[
			'kudosGivenAcross',
			'Kudos given across departments',
			'count',
			true,
			count('kudos.givenAcross')
		],
		[
			'kudosReceivedAcross',
			'Kudos received across departments',
			'count',
			true,
			count('kudos.receivedAcross')
		],
		['hackathon', 'Hackathon participants', 'count', true, count('hackathon.participants')],
		['demo', 'Demo presenters and live attendees', 'count', true, count('demo.participants')]
	];
}

/** The headline rows: each figure now, in the previous period, the change and the trend. */
export function headlineOf(trend: Figures[], openAgeDays: number): Headline[] {
	const last = trend.length - 1;
	return metrics(openAgeDays).map(([id, label, unit, higherIsBetter, read]) => {
		const values = trend.map(read);
		const current = values[last];
		const previous = values[last - 1];
		const change = current !== null && previous !== null ? round1(current - previous) : null;
		return { id, label, unit, higherIsBetter, current, previous, change, trend: values };
	});
}

/** Every chart's numbers as a table (the page shows them beside the chart; CSV exports them). */
export function figureTables(input: {
	headline: Headline[];
	trend: Figures[];
	labels: string[];
	current: Figures;
	before: Figures;
	departments: BreakdownFigures[];
	/** A department's teams (the department level only). */
	teams: BreakdownFigures[];
	matrixNames: Map<number, string>;
	level: InsightLevel;
}): Record<string, ChartTable> {
	const { headline, trend, labels, current, before, departments } = input;
	const last = labels.length - 1;
	const tables: Record<string, ChartTable> = {
		headline: {
			id: 'headline',
			title: 'Figures',
			columns: ['Figure', labels[last], labels[last - 1], 'Change'],
			rows: headline.map((h) => [h.label, h.current, h.previous, h.change])
		},
		trend: {
			id: 'trend',
			title: 'Escalations over time',
			columns: [
				'Period',
				'Opened',
				'Resolved or closed',
				'First response median (business hours)',
				'Resolution median (hours)'
			],
			rows: trend.map((f, i) => [
				labels[i],
				f.values['esc.opened'] ?? 0,
				f.values['esc.closed'] ?? 0,
				hours(f.p50['esc.firstResponse']),
				hours(f.p50['esc.resolution'])
			])
		},
		slo: {
			id: 'slo',
			title: 'SLO attainment per policy',
			columns: [
				'Policy',
				'Met in time',
				'Breached',
				'Attainment (%)',
				`Attainment ${labels[last - 1]} (%)`
			],
			rows: sloRows(current, before)
		}
	};
	if (input.level === 'department') {
		tables.teams = breakdownTable('teams', 'By team', 'Team', input.teams, labels[last - 1]);
	}
	if (input.level !== 'org') return tables;
	tables.departments = breakdownTable(
		'departments',
		'By department',
		'Department',
		departments,
		labels[last - 1]
	);
	const cells = new Map((current.keyed['kudos.matrix'] ?? []).map((c) => [c.key, c.value]));
	const names = [...input.matrixNames.entries()];
	tables.matrix = {
		id: 'matrix',
		title: 'Who recognises whom (kudos from department, to department)',
		columns: ['From \\ To', ...names.map(([, name]) => name)],
		rows: names.map(([from, name]) => [
			name,
			...names.map(([to]) => cells.get(`${from}>${to}`) ?? 0)
		])
	};
	tables.requests = {
		id: 'requests',
		title: 'Feature requests asked for, by the ARR of the customers asking',
		columns: ['Request', 'ARR asking'],
		rows: (current.keyed['requests.top'] ?? [])
			.sort((a, b) => b.value - a.value)
			.map((r) => [r.label ?? `Request ${r.key}`, r.value])
	};
	return tables;
}

/**
 * The figures of each department (or team) side by side. Chart columns the page reads by
 * position: 1–2 bugs now and before, 4–5 kudos given and received, 8–9 hackathon and demo.
 */
function breakdownTable(
	id: string,
	title: string,
	subject: string,
	rows: BreakdownFigures[],
	previousLabel: string
): ChartTable {
	const d = (f: Record<string, number>, metric: string) => f[metric] ?? 0;
	return {
		id,
		title,
		columns: [
			subject,
			'Bugs found',
			`Bugs found ${previousLabel}`,
			'Found before launch (%)',
			'Kudos given',
			'Kudos received',
			'Given across departments',
			'Received across departments',
			'Hackathon participants',
			'Demo participants'
		],
		rows: rows.map((row) => [
			row.name,
			d(row.current, 'bugs.found'),
			d(row.previous, 'bugs.found'),
			share(
				d(row.current, 'bugs.found'),
				d(row.current, 'bugs.found') + d(row.current, 'bugs.customer')
			),
			d(row.current, 'kudos.given'),
			d(row.current, 'kudos.received'),
			d(row.current, 'kudos.givenAcross'),
			d(row.current, 'kudos.receivedAcross'),
			d(row.current, 'hackathon.participants'),
			d(row.current, 'demo.participants')
		])
	};
}

function sloRows(current: Figures, before: Figures): (string | number | null)[][] {
	const policies = new Map<string, string>();
	for (const f of [current, before]) {
		for (const metric of ['slo.met', 'slo.breached']) {
			for (const row of f.keyed[metric] ?? [])
				policies.set(row.key, row.label ?? `Policy ${row.key}`);
		}
	}
	const of = (f: Figures, metric: string, key: string) =>
		(f.keyed[metric] ?? []).find((r) => r.key === key)?.value ?? 0;
	return [...policies.entries()]
		.sort((a, b) => a[1].localeCompare(b[1]))
		.map(([key, name]) => {
			const met = of(current, 'slo.met', key);
			const breached = of(current, 'slo.breached', key);
			const metBefore = of(before, 'slo.met', key);
			const breachedBefore = of(before, 'slo.breached', key);
			return [
				name,
				met,
				breached,
				share(met, met + breached),
				share(metBefore, metBefore + breachedBefore)
			];
		});
}
