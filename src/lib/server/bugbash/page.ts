// The live board page's reads, in few prepared statements: it is the busiest page of a
// bash (everyone reloads it, and a reconnect after a long absence reloads it again).
// Prepared once per database, they skip drizzle building the SQL on every view and let the
// server keep their plans; the bash, its organisers, the viewer's participation and the
// room's log position come in one statement, the bugs with their counts in another.
import { aliasedTable, desc, eq, sql } from 'drizzle-orm';
import type { BoardBug } from '$lib/bugbash/board';
import { commentCountSql } from '../comments';
import { qualified, useDb, type Database } from '../db/client';
import { preparedPerDatabase } from '../db/prepared';
import { topOfAllTime } from '../ledger';
import { department, person, team } from '../org';
import { latestSeqSql } from '../realtime';
import { bashRoom } from './events';
import {
	bug,
	bugAttachment,
	bugBash,
	bugBashOrganiser,
	bugBashParticipant,
	bugConfirmation
} from './schema';

const reporter = aliasedTable(person, 'reporter');

function headStatement(db: Database) {
	return db
		.select({
			bash: bugBash,
			organisers: sql<{ id: number; name: string }[]>`coalesce((
				select json_agg(json_build_object('id', op.id, 'name', op.name) order by o.added_at)
				from ${bugBashOrganiser} o join ${person} op on op.id = o.person_id
				where o.bash_id = ${qualified(bugBash.id)}), '[]'::json)`,
			joined: sql<boolean>`exists (select 1 from ${bugBashParticipant} bp
				where bp.bash_id = ${qualified(bugBash.id)} and bp.person_id = ${sql.placeholder('personId')})`,
			after: latestSeqSql(sql.placeholder('room'))
		})
		.from(bugBash)
		.where(eq(bugBash.id, sql.placeholder('bashId')))
		.prepare('bugbash_page_head');
}

function boardStatement(db: Database) {
	return db
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
			comments: commentCountSql('bug', qualified(bug.id)),
			escalationId: bug.escalationId
		})
		.from(bug)
		.innerJoin(reporter, eq(reporter.id, bug.reporterId))
		.leftJoin(team, eq(team.id, reporter.teamId))
		.leftJoin(department, eq(department.id, team.departmentId))
		.where(eq(bug.bashId, sql.placeholder('bashId')))
		.orderBy(desc(bug.createdAt), desc(bug.id))
		.prepare('bugbash_page_board');
}

const head = preparedPerDatabase(headStatement);
const board = preparedPerDatabase(boardStatement);

/**
 * What the live board page shows of a bash for `personId`: the bash and its organisers,
 * whether they take part, and the room's log position (read first: anything committed
 * after it arrives as a live event); null when there is no such bash.
 */
export async function bashPageHead(bashId: number, personId: number) {
	const [row] = await head().execute({ bashId, personId, room: bashRoom(bashId) });
	if (!row) return null;
	return {
		bash: { ...row.bash, organisers: row.organisers },
		joined: row.joined,
		after: Number(row.after ?? 0)
	};
}

/** All bugs of a bash with their counts, newest first (`boardOf` in one prepared statement). */
async function bashPageBoard(bashId: number): Promise<BoardBug[]> {
	return board().execute({ bashId });
}

/** The bash's own leaderboards over the whole bash (`standingsOf`, prepared). */
async function bashPageStandings(bashId: number) {
	const scope = bashRoom(bashId);
	const [people, departments] = await Promise.all([
		topOfAllTime(scope, 'person', 10),
		topOfAllTime(scope, 'department', 10)
	]);
	const strip = ({ rank, subjectId, name, points }: (typeof people)[number]) => ({
		rank,
		subjectId,
		name,
		points
	});
	return { people: people.map(strip), departments: departments.map(strip) };
}

/** How long a board read at one log position is reused: renaming a person is no bash event. */
const REUSE_MS = 30_000;
const REMEMBERED_BASHES = 50;

type BoardAndStandings = {
	bugs: BoardBug[];
	standings: Awaited<ReturnType<typeof bashPageStandings>>;
};
const remembered = new WeakMap<
	Database,
	Map<number, { after: number; until: number; value: Promise<BoardAndStandings> }>
>();

/**
 * The bugs and the standings of a bash whose room's log stands at `after` (from
 * bashPageHead): everything they show changes only with an event in the bash's room, so
 * every viewer at the same position shares one read. A viewer reloading during a bash no
 * longer costs three statements while nothing happened.
 */
export function bashPageBody(bashId: number, after: number): Promise<BoardAndStandings> {
	const db = useDb();
	let bashes = remembered.get(db);
	if (!bashes) remembered.set(db, (bashes = new Map()));
	const now = Date.now();
	const known = bashes.get(bashId);
	if (known && known.after === after && known.until > now) return known.value;
	const value = Promise.all([bashPageBoard(bashId), bashPageStandings(bashId)]).then(
		([bugs, standings]) => ({ bugs, standings })
	);
	bashes.delete(bashId);
	bashes.set(bashId, { after, until: now + REUSE_MS, value });
	// The oldest bash read goes first (a Map keeps the order of insertion).
	if (bashes.size > REMEMBERED_BASHES) bashes.delete(bashes.keys().next().value!);
	// A failed read is not kept: the next viewer reads again.
	value.catch(() => {
		if (bashes.get(bashId)?.value === value) bashes.delete(bashId);
	});
	return value;
}
