// Generating an agenda's figures: every section read through the other modules' public
// APIs for the month reviewed (the month before the meeting) against the month before it.
import { OPEN_TOO_LONG_DAYS, type AgendaFigures } from '$lib/sync/agenda';
import type { BusinessCalendar } from '$lib/business-time';
import { bashesIn, bugCountsIn, openHighSeverityBugs } from '../bugbash';
import { demosIn } from '../demos';
import {
	escalationCountsIn,
	escalationsOpenTooLong,
	highPriorityOpenEscalations
} from '../escalations';
import { ticketDriversIn } from '../integrations';
import { kudosCountsIn, kudosHighlightsIn } from '../kudos';
import { listTeams, peopleJoinedIn, peopleMovedIn } from '../org';
import { reportCountsIn, topRequestsByArr } from '../requests';
import { sloStatusIn } from '../slo';
import { addMonths, monthSpan } from './rules';

const DAY_MS = 86_400_000;

/** The figures of the agenda for the meeting in `month`, as they stand at `now`. */
export async function agendaFigures(
	month: string,
	calendar: BusinessCalendar,
	now: Date
): Promise<AgendaFigures> {
	const zone = calendar.timeZone;
	const reviewed = addMonths(month, -1);
	const compared = addMonths(month, -2);
	const current = monthSpan(reviewed, zone);
	const previous = monthSpan(compared, zone);
	const next = monthSpan(month, zone);
	const spans = [current, previous];

	const [
		escalationCounts,
		tooLong,
		drivers,
		slo,
		urgent,
		bugs,
		requests,
		reports,
		kudos,
		bugCounts,
		pastBashes,
		nextBashes,
		pastDemos,
		nextDemos,
		joined,
		moved,
		highlights,
		teams
	] = await Promise.all([
		escalationCountsIn(spans),
		escalationsOpenTooLong(new Date(now.getTime() - OPEN_TOO_LONG_DAYS * DAY_MS)),
		ticketDriversIn(current, previous),
		sloStatusIn(current, previous),
		highPriorityOpenEscalations(),
		openHighSeverityBugs(),
		topRequestsByArr(5),
		reportCountsIn(spans),
		kudosCountsIn(spans),
		bugCountsIn(spans),
		bashesIn(current),
		bashesIn(next),
		demosIn(current),
		demosIn(next),
		peopleJoinedIn(current),
		peopleMovedIn(current),
		kudosHighlightsIn(current),
		listTeams()
	]);
	const [opened, before] = escalationCounts;
	const breaches = slo.reduce((n, p) => n + p.breaches, 0);
	const breachesBefore = slo.reduce((n, p) => n + p.breachesBefore, 0);

	return {
		reviewed,
		compared,
		timeZone: zone,
		headline: [
			{ label: 'Escalations opened', value: opened.opened, previous: before.opened },
			{ label: 'Escalations resolved or closed', value: opened.closed, previous: before.closed },
			{ label: 'SLO breaches', value: breaches, previous: breachesBefore },
			{ label: 'Customer reports of feature requests', value: reports[0], previous: reports[1] },
			{ label: 'Bugs found in bug bashes', value: bugCounts[0], previous: bugCounts[1] },
			{ label: 'Kudos given', value: kudos[0], previous: kudos[1] }
		],
		volume: drivers,
		escalations: {
			opened: opened.opened,
			openedBefore: before.opened,
			closed: opened.closed,
			closedBefore: before.closed,
			openTooLong: tooLong.count,
			oldest: tooLong.oldest
		},
		slo,
		priority: {
			escalations: urgent,
			bugs: bugs.map(({ id, bashId, bashTitle, title, severity, status }) => ({
				id,
				bashId,
				bashTitle,
				title,
				severity,
				status
			}))
		},
		requests: requests.map((r) => ({
			id: r.id,
			title: r.title,
			area: r.area,
			status: r.status,
			reportCount: r.reportCount,
			customerCount: r.customerCount,
			arr: Number(r.arr),
			renewingArr: r.renewingArr
		})),
		launches: [
			...pastBashes.map((b) => ({ kind: 'bash' as const, when: 'past' as const, ...b })),
			...pastDemos.map((d) => ({ kind: 'demo' as const, when: 'past' as const, bugs: null, ...d })),
			...nextBashes.map((b) => ({ kind: 'bash' as const, when: 'next' as const, ...b })),
			...nextDemos.map((d) => ({ kind: 'demo' as const, when: 'next' as const, bugs: null, ...d }))
		]
			.map(({ kind, when, id, title, feature, startsAt, bugs }) => ({
				kind,
				when,
				id,
				title,
				feature,
				startsAt,
				bugs
			}))
			.sort((a, b) =>
				a.when === b.when ? a.startsAt.localeCompare(b.startsAt) : a.when === 'past' ? -1 : 1
			),
		news: teamNews(teams, joined, moved, highlights)
	};
}

/** Each team with something to tell: people who joined or moved in, kudos its people received. */
function teamNews(
	teams: { id: number; name: string }[],
	joined: { name: string; teamId: number | null }[],
	moved: { name: string; teamId: number | null }[],
	highlights: Awaited<ReturnType<typeof kudosHighlightsIn>>
): AgendaFigures['news'] {
	const rows: AgendaFigures['news'] = [];
	for (const t of [...teams, { id: null, name: 'No team' }]) {
		const kudos = highlights.find((h) => h.teamId === t.id);
		const row = {
			teamId: t.id,
			teamName: t.name,
			joined: joined.filter((p) => p.teamId === t.id).map((p) => p.name),
			moved: moved.filter((p) => p.teamId === t.id).map((p) => p.name),
			kudosReceived: kudos?.received ?? 0,
			highlights: (kudos?.top ?? []).map(({ giverName, recipientName, message, plusOnes }) => ({
				giverName,
				recipientName,
				message,
				plusOnes
			}))
		};
		if (row.joined.length || row.moved.length || row.kudosReceived) rows.push(row);
	}
	return rows;
}
