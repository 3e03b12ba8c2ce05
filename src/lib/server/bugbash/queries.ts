// What the bug bash pages show: the list of bashes, a bash's board, a bug's detail,
// coverage, standings and the after-bash summary. Reads only.
import { aliasedTable, and, asc, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import { coverageOf, type BoardBug } from '$lib/bugbash/board';
import { SEVERITIES } from '$lib/report';
import { attachmentsByIds } from '../attachments';
import { qualified, rowsOf, useDb, type Executor } from '../db/client';
import {
	bug,
	bugBash,
	bugBashOrganiser,
	bugBashParticipant,
	bugConfirmation,
	bugDecision,
	bugAttachment
} from './schema';
import { department, person, team } from '../org';
import { commentCounts, threadOf, type CommentActor } from '../comments';
import { escalationsByIds } from '../escalations';
import { topOf } from '../ledger';
import { findBash } from './service';
import { bashRoom } from './events';

/**
 * Every bash with its bug and participant counts and whether `viewerId` takes part; the
 * pages split them by state.
 */
export async function listBashes(viewerId: number | null = null) {
	return useDb()
		.select({
			id: bugBash.id,
			title: bugBash.title,
			feature: bugBash.feature,
			state: bugBash.state,
			startsAt: bugBash.startsAt,
			endsAt: bugBash.endsAt,
			bugs: sql<number>`(select count(*)::int from ${bug} b
				where b.bash_id = ${qualified(bugBash.id)})`,
			participants: sql<number>`(select count(*)::int from ${bugBashParticipant} p
				where p.bash_id = ${qualified(bugBash.id)})`,
			joined: sql<boolean>`exists (select 1 from ${bugBashParticipant} p
				where p.bash_id = ${qualified(bugBash.id)} and p.person_id = ${viewerId})`
		})
		.from(bugBash)
		.orderBy(asc(bugBash.startsAt), asc(bugBash.id));
}

/** The bashes running now and their areas: where a bug seen elsewhere (a demo) can go. */
export async function liveBashes() {
	return useDb()
		.select({ id: bugBash.id, title: bugBash.title, areas: bugBash.areas })
		.from(bugBash)
		.where(eq(bugBash.state, 'live'))
		.orderBy(asc(bugBash.startsAt), asc(bugBash.id));
}

/** The bash with its organisers' names, or null when there is no such bash. */
export async function bashWithOrganisers(bashId: number) {
	const [bash] = await useDb().select().from(bugBash).where(eq(bugBash.id, bashId));
	if (!bash) return null;
	const organisers = await useDb()
		.select({ id: person.id, name: person.name })
		.from(bugBashOrganiser)
		.innerJoin(person, eq(person.id, bugBashOrganiser.personId))
		.where(eq(bugBashOrganiser.bashId, bashId))
		.orderBy(asc(bugBashOrganiser.addedAt));
	return { ...bash, organisers };
}

const reporter = aliasedTable(person, 'reporter');

/** All bugs of a bash, newest first; the board groups them by status. */
export async function boardOf(bashId: number): Promise<BoardBug[]> {
	const bugs = await useDb()
		.select({
			id: bug.id,
			title: bug.title,
			area: bug.area,
			severity: bug.severity,
			status: bug.status,
			reporterId: bug.reporterId,
			reporterName: reporter.name,
			departmentName: department.name,
			duplicateOfId: bug.duplicateOfId,
			createdAt: bug.createdAt,
			confirmations: sql<number>`(select count(*)::int from ${bugConfirmation} c
				where c.bug_id = ${qualified(bug.id)})`,
			attachments: sql<number>`(select count(*)::int from ${bugAttachment} a
				where a.bug_id = ${qualified(bug.id)})`,
			escalationId: bug.escalationId
		})
		.from(bug)
		.innerJoin(reporter, eq(reporter.id, bug.reporterId))
		.leftJoin(team, eq(team.id, reporter.teamId))
		.leftJoin(department, eq(department.id, team.departmentId))
		.where(eq(bug.bashId, bashId))
		.orderBy(desc(bug.createdAt), desc(bug.id));
	const comments = await commentCounts(
		'bug',
		bugs.map((b) => b.id)
	);
	return bugs.map((b) => ({ ...b, comments: comments.get(b.id) ?? 0 }));
}

/** The bash's own leaderboards: people and departments, over the whole bash. */
export async function standingsOf(bashId: number) {
	const scope = bashRoom(bashId);
	const [people, departments] = await Promise.all([
		topOf({ scope, board: 'person', period: 'all', limit: 10 }),
		topOf({ scope, board: 'department', period: 'all', limit: 10 })
	]);
	const strip = ({ rank, subjectId, name, points }: (typeof people)[number]) => ({
		rank,
		subjectId,
		name,
		points
	});
	return { people: people.map(strip), departments: departments.map(strip) };
}

const decider = aliasedTable(person, 'decider');

/** Someone who may change no comment: what a list or an export sees. */
const ONLOOKER: CommentActor = { id: 0, role: 'member' };

/**
 * One bug with everything its page shows (history, comments, files, confirmations), or
 * null when the bash has no such bug.
 */
export async function bugDetail(bashId: number, bugId: number, viewer = ONLOOKER, shown?: number) {
	const db = useDb();
	const [row] = await db
		.select({ bug, reporterName: reporter.name, departmentName: department.name })
		.from(bug)
		.innerJoin(reporter, eq(reporter.id, bug.reporterId))
		.leftJoin(team, eq(team.id, reporter.teamId))
		.leftJoin(department, eq(department.id, team.departmentId))
		.where(and(eq(bug.id, bugId), eq(bug.bashId, bashId)));
	if (!row) return null;
	const { clientKey: _key, ...found } = row.bug;
	const [decisions, thread, attachments, confirmedBy, original] = await Promise.all([
		db
			.select({
				id: bugDecision.id,
				kind: bugDecision.kind,
				severity: bugDecision.severity,
				duplicateOfId: bugDecision.duplicateOfId,
				reason: bugDecision.reason,
				firstBonus: bugDecision.firstBonus,
				decidedAt: bugDecision.decidedAt,
				deciderName: decider.name,
				undoneAt: bugDecision.undoneAt
			})
			.from(bugDecision)
			.innerJoin(decider, eq(decider.id, bugDecision.decidedById))
			.where(eq(bugDecision.bugId, bugId))
			.orderBy(asc(bugDecision.id)),
		threadOf({ kind: 'bug', id: bugId }, viewer, shown),
		attachmentsOfBug(bugId),
		db
			.select({ id: person.id, name: person.name })
			.from(bugConfirmation)
			.innerJoin(person, eq(person.id, bugConfirmation.personId))
			.where(eq(bugConfirmation.bugId, bugId))
			.orderBy(asc(bugConfirmation.createdAt)),
		found.duplicateOfId
			? db.select({ id: bug.id, title: bug.title }).from(bug).where(eq(bug.id, found.duplicateOfId))
			: Promise.resolve([])
	]);
	return {
		bug: { ...found, reporterName: row.reporterName, departmentName: row.departmentName },
		decisions,
		thread,
		comments: thread.comments,
		attachments,
		confirmedBy,
		escalationId: found.escalationId,
		duplicateOf: original[0] ?? null
	};
}

/** A bug's newest comments, oldest first, as an onlooker (who may change none) reads them. */
export async function commentsOf(bugId: number) {
	return (await threadOf({ kind: 'bug', id: bugId }, ONLOOKER)).comments;
}

/** The after-bash report: counts, a timeline, top finders, departments, escalations. */
export async function summaryOf(bashId: number) {
	const bash = await findBash(bashId);
	const bugs = await boardOf(bashId);
	const tally = (key: (b: BoardBug) => string) => {
		const counts = new Map<string, number>();
		for (const b of bugs) counts.set(key(b), (counts.get(key(b)) ?? 0) + 1);
		return counts;
	};
	const bySeverity = tally((b) => b.severity);
	const byStatus = tally((b) => b.status);
	const [participation, escalations, standings] = await Promise.all([
		participationOf(bashId),
		escalationsByIds(bugs.flatMap((b) => (b.escalationId ? [b.escalationId] : []))),
		standingsOf(bashId)
	]);
	return {
		bash,
		total: bugs.length,
		bySeverity: SEVERITIES.map((s) => ({ key: s, count: bySeverity.get(s) ?? 0 })),
		byStatus: ['new', 'accepted', 'duplicate', 'not_a_bug', 'escalated'].map((s) => ({
			key: s,
			count: byStatus.get(s) ?? 0
		})),
		byArea: coverageOf(bash.areas, bugs),
		timeline: timelineOf(bash, bugs),
		topFinders: standings.people,
		participation,
		escalations
	};
}

/** Bugs found per time slot over the bash, about 12–24 slots whatever its length. */
export function timelineOf(
	bash: { startsAt: Date; endsAt: Date; startedAt: Date | null; endedAt: Date | null },
	bugs: { createdAt: Date }[]
) {
	const from = (bash.startedAt ?? bash.startsAt).getTime();
	const until = Math.max((bash.endedAt ?? bash.endsAt).getTime(), from + 60_000);
	const steps = [5, 10, 15, 30, 60, 120, 240, 720, 1440].map((m) => m * 60_000);
	const slot = steps.find((s) => (until - from) / s <= 24) ?? steps[steps.length - 1];
	const slots = Math.min(Math.ceil((until - from) / slot), 60);
	const counts = Array.from({ length: slots }, (_, i) => ({
		at: new Date(from + i * slot),
		count: 0
	}));
	for (const b of bugs) {
		const i = Math.floor((b.createdAt.getTime() - from) / slot);
		counts[Math.min(Math.max(i, 0), slots - 1)].count += 1;
	}
	return { slotMinutes: slot / 60_000, counts };
}

/** Participants and bugs per department: support vs product vs engineering. */
async function participationOf(bashId: number) {
	return rowsOf<{ department: string; people: number; bugs: number }>(
		useDb(),
		sql`select coalesce(d.name, 'No department') as department,
				count(distinct p.person_id)::int as people,
				(select count(*)::int from ${bug} b
					join ${person} r on r.id = b.reporter_id
					left join ${team} rt on rt.id = r.team_id
					where b.bash_id = ${bashId} and rt.department_id is not distinct from d.id) as bugs
			from ${bugBashParticipant} p
			join ${person} pe on pe.id = p.person_id
			left join ${team} t on t.id = pe.team_id
			left join ${department} d on d.id = t.department_id
			where p.bash_id = ${bashId}
			group by d.id, d.name
			order by people desc, department`
	);
}

/** The bash's bugs with every reported field, oldest first, for the CSV export. */
export async function bugsForExport(bashId: number) {
	const cards = await boardOf(bashId);
	const reports = await useDb()
		.select({
			id: bug.id,
			steps: bug.steps,
			expected: bug.expected,
			actual: bug.actual,
			environment: bug.environment
		})
		.from(bug)
		.where(eq(bug.bashId, bashId));
	const byId = new Map(reports.map((r) => [r.id, r]));
	const reportOf = ({ id: _id, ...report }: (typeof reports)[number]) => report;
	return cards.reverse().map((card) => ({
		id: card.id,
		title: card.title,
		area: card.area,
		severity: card.severity,
		status: card.status,
		reporter: card.reporterName,
		department: card.departmentName,
		duplicate_of: card.duplicateOfId,
		confirmations: card.confirmations,
		escalation: card.escalationId,
		...reportOf(byId.get(card.id)!),
		logged_at: card.createdAt
	}));
}

/** The bug an escalation was promoted from, with its bash (null for one support opened). */
export async function bugBehindEscalation(escalationId: number) {
	const [row] = await useDb()
		.select({ bugId: bug.id, bugTitle: bug.title, bashId: bug.bashId, bashTitle: bugBash.title })
		.from(bug)
		.innerJoin(bugBash, eq(bugBash.id, bug.bashId))
		.where(eq(bug.escalationId, escalationId));
	return row ?? null;
}

/** The ids of a bug's files (an escalation it becomes links the same ones). */
export async function attachmentIdsOfBug(db: Executor, bugId: number): Promise<number[]> {
	const links = await db
		.select({ id: bugAttachment.attachmentId })
		.from(bugAttachment)
		.where(eq(bugAttachment.bugId, bugId));
	return links.map((l) => l.id);
}

/** A bug's screenshots and logs, without their bytes. */
export async function attachmentsOfBug(bugId: number) {
	return attachmentsByIds(await attachmentIdsOfBug(useDb(), bugId));
}

/** `personId`'s own bugs still open (new or accepted), newest first, with their bash. */
export async function openBugsOf(personId: number, limit = 5) {
	return useDb()
		.select({
			id: bug.id,
			bashId: bug.bashId,
			bashTitle: bugBash.title,
			title: bug.title,
			status: bug.status,
			severity: bug.severity
		})
		.from(bug)
		.innerJoin(bugBash, eq(bugBash.id, bug.bashId))
		.where(and(eq(bug.reporterId, personId), inArray(bug.status, ['new', 'accepted'])))
		.orderBy(desc(bug.createdAt), desc(bug.id))
		.limit(limit);
}

/** Bugs waiting for triage in the bashes `personId` organises that have not ended. */
export async function triageWaitingFor(personId: number) {
	return useDb()
		.select({
			bashId: bugBash.id,
			title: bugBash.title,
			bugs: sql<number>`count(*)::int`
		})
		.from(bugBashOrganiser)
		.innerJoin(bugBash, eq(bugBash.id, bugBashOrganiser.bashId))
		.innerJoin(bug, and(eq(bug.bashId, bugBash.id), eq(bug.status, 'new')))
		.where(and(eq(bugBashOrganiser.personId, personId), ne(bugBash.state, 'ended')))
		.groupBy(bugBash.id, bugBash.title)
		.orderBy(asc(bugBash.id));
}
