// What the kudos pages show: the wall (newest first, filtered, paged by a cursor), the
// month's figures, who-recognises-whom between departments, and kudos leaderboards.
import {
	aliasedTable,
	and,
	desc,
	eq,
	exists,
	inArray,
	isNull,
	lt,
	or,
	sql,
	type SQL
} from 'drizzle-orm';
import { qualified, rowsOf, useDb } from '../db/client';
import { companyValue, kudos, kudosPlusOne, kudosRecipient } from './schema';
import { reactionsOn } from '../reactions';
import { department, person, team } from '../org';
import type { Board } from '../ledger';
import type { Period } from '../ledger';
import { latestSeq } from '../realtime';
import { getWorkspace } from '../workspace';
import { rememberedAt } from './position';
import { listDepartments } from '../org';
import { listValues } from './admin';
import { settingsOf } from './allowance';
import { KUDOS_ROOM } from './events';

/** How long a remembered answer may be reused at the same log position (see position.ts). */
const NAMES_MAX_AGE_MS = 60_000;
/** The choices list teams, which change without a kudos event: a new team shows soon. */
const CHOICES_MAX_AGE_MS = 5_000;

/** The kudos room's latest seq: the position the kudos pages read their state at. */
export function kudosPosition(): Promise<number> {
	return latestSeq(KUDOS_ROOM);
}

/** Remembered at log position `at` when one is given; computed afresh otherwise. */
function at<T>(
	position: number | undefined,
	key: string,
	compute: () => Promise<T>,
	maxAgeMs = NAMES_MAX_AGE_MS
) {
	return position === undefined ? compute() : rememberedAt(position, key, compute, maxAgeMs);
}

/** The kudos page's choices: active values, teams, departments, the maximum per kudos. */
export function wallChoices(position?: number) {
	return at(position, 'choices', countChoices, CHOICES_MAX_AGE_MS);
}

async function countChoices() {
	const [values, teams, departments, rules] = await Promise.all([
		listValues(),
		useDb().select({ id: team.id, name: team.name }).from(team).orderBy(team.name),
		listDepartments(),
		settingsOf()
	]);
	// Only what the page shows: every field here is serialised into each page.
	return {
		values: values.map(({ id, name, description }) => ({ id, name, description })),
		teams,
		departments: departments.map(({ id, name }) => ({ id, name })),
		maxPoints: rules.maxPointsPerKudos
	};
}

export interface WallFilters {
	valueId?: number;
	personId?: number;
	teamId?: number;
	departmentId?: number;
	acrossOnly?: boolean;
}

const giver = aliasedTable(person, 'giver');
const giverDepartment = aliasedTable(department, 'giver_department');

function recipientMatches(condition: SQL) {
	return exists(
		useDb()
			.select({ one: sql`1` })
			.from(kudosRecipient)
			.where(and(eq(kudosRecipient.kudosId, kudos.id), condition))
	);
}

function wallConditions(filters: WallFilters, includeHidden: boolean): SQL[] {
	const where: SQL[] = [];
	if (!includeHidden) where.push(isNull(kudos.hiddenAt));
	if (filters.valueId) where.push(eq(kudos.valueId, filters.valueId));
	if (filters.acrossOnly) where.push(eq(kudos.crossDepartment, true));
	if (filters.personId) {
		where.push(
			or(
				eq(kudos.giverId, filters.personId),
				recipientMatches(eq(kudosRecipient.personId, filters.personId))
			)!
		);
	}
	if (filters.teamId) {
		where.push(
			or(
				eq(kudos.giverTeamId, filters.teamId),
				recipientMatches(eq(kudosRecipient.teamId, filters.teamId))
			)!
		);
	}
	if (filters.departmentId) {
		where.push(
			or(
				eq(kudos.giverDepartmentId, filters.departmentId),
				recipientMatches(eq(kudosRecipient.departmentId, filters.departmentId))
			)!
		);
	}
	return where;
}

/** The columns of a card, joined: giver, their department, the value, the team if any. */
function cardQuery() {
	return useDb()
		.select({
			id: kudos.id,
			message: kudos.message,
			points: kudos.points,
			crossDepartment: kudos.crossDepartment,
			createdAt: kudos.createdAt,
			hiddenAt: kudos.hiddenAt,
			hiddenReason: kudos.hiddenReason,
			giverId: kudos.giverId,
			giverName: giver.name,
			giverDepartment: giverDepartment.name,
			valueId: kudos.valueId,
			valueName: companyValue.name,
			teamName: team.name
		})
		.from(kudos)
		.innerJoin(giver, eq(giver.id, kudos.giverId))
		.innerJoin(companyValue, eq(companyValue.id, kudos.valueId))
		.leftJoin(giverDepartment, eq(giverDepartment.id, kudos.giverDepartmentId))
		.leftJoin(team, eq(team.id, kudos.teamId))
		.$dynamic();
}

/** Options of a wall page: the viewer, the cursor, and the log position read first. */
interface WallOptions {
	viewerId: number;
	/** The last kudos id of the previous page. */
	before?: number;
	limit?: number;
	/** Admins see hidden kudos, marked. */
	includeHidden?: boolean;
	/** The kudos room's seq read before: pages at one position are computed once. */
	at?: number;
}

/** A page of the wall, newest first, as `viewerId` sees it (their own reactions marked). */
export async function wallOf(filters: WallFilters, options: WallOptions) {
	const limit = Math.min(Math.max(options.limit ?? 20, 1), 50);
	const includeHidden = options.includeHidden ?? false;
	const key = `wall:${JSON.stringify([filters, options.before, limit, includeHidden])}`;
	const page = await at(options.at, key, () =>
		wallPage(filters, options.before, limit, includeHidden)
	);
	return { cards: page.cards.map((c) => seenBy(c, options.viewerId)), next: page.next };
}

async function wallPage(
	filters: WallFilters,
	before: number | undefined,
	limit: number,
	includeHidden: boolean
) {
	const where = wallConditions(filters, includeHidden);
	if (before) where.push(lt(kudos.id, before));
	const rows = await cardQuery()
		.where(and(...where))
		// The id follows creation order; the wall index serves this ordering.
		.orderBy(desc(kudos.id))
		.limit(limit + 1);
	const page = rows.slice(0, limit);
	return {
		cards: await withDetails(page),
		next: rows.length > limit ? page[page.length - 1].id : null
	};
}

/** One card by id (a live update of the wall), or null when it is hidden or gone. */
export async function kudosCard(kudosId: number, viewerId: number, position?: number) {
	const [card] = await at(position, `card:${kudosId}`, () => cardsOfIds([kudosId]));
	return card ? seenBy(card, viewerId) : null;
}

async function cardsOfIds(ids: number[]) {
	const rows = await cardQuery().where(and(inArray(kudos.id, ids), isNull(kudos.hiddenAt)));
	return withDetails(rows);
}

interface CardRow {
	id: number;
	message: string;
	points: number;
	crossDepartment: boolean;
	createdAt: Date;
	hiddenAt: Date | null;
	hiddenReason: string | null;
	giverId: number;
	giverName: string;
	giverDepartment: string | null;
	valueId: number;
	valueName: string;
	teamName: string | null;
}

/**
 * Recipients, reactions and +1s for a page of cards: three queries, not three per card.
 * Reactions keep who reacted, so one page serves every viewer (see `seenBy`).
 */
async function withDetails(rows: CardRow[]) {
	if (rows.length === 0) return [];
	const ids = rows.map((r) => r.id);
	const db = useDb();
	const [recipients, reactions, plusOnes] = await Promise.all([
		db
			.select({
				kudosId: kudosRecipient.kudosId,
				id: person.id,
				name: person.name,
				departmentId: kudosRecipient.departmentId,
				teamId: kudosRecipient.teamId
			})
			.from(kudosRecipient)
			.innerJoin(person, eq(person.id, kudosRecipient.personId))
			.where(inArray(kudosRecipient.kudosId, ids)),
		reactionsOn('kudos', ids),
		db
			.select({
				kudosId: kudosPlusOne.kudosId,
				personId: person.id,
				name: person.name,
				points: kudosPlusOne.points
			})
			.from(kudosPlusOne)
			.innerJoin(person, eq(person.id, kudosPlusOne.personId))
			.where(inArray(kudosPlusOne.kudosId, ids))
	]);
	return rows.map((row) => ({
		...row,
		recipients: recipients.filter((r) => r.kudosId === row.id).map(({ kudosId: _k, ...r }) => r),
		reactions: reactions
			.filter((r) => r.subjectId === row.id)
			.map((r) => ({ emoji: r.kind, people: r.people })),
		plusOnes: plusOnes.filter((p) => p.kudosId === row.id).map(({ kudosId: _k, ...p }) => p)
	}));
}

type SharedCard = Awaited<ReturnType<typeof withDetails>>[number];

/** A card as one viewer sees it: reactions counted, theirs marked, reactors not listed. */
function seenBy(card: SharedCard, viewerId: number) {
	return {
		...card,
		reactions: card.reactions.map((r) => ({
			emoji: r.emoji,
			count: r.people.length,
			mine: r.people.includes(viewerId)
		}))
	};
}

/** This month in the workspace zone: kudos per value, the share across departments, and
 * who recognises whom between departments (giver department → recipient department). */
export function monthFigures(position?: number) {
	return at(position, 'month', countMonthFigures);
}

async function countMonthFigures() {
	const { timeZone } = await getWorkspace();
	const since = sql`date_trunc('month', now() at time zone ${timeZone}) at time zone ${timeZone}`;
	const db = useDb();
	const [byValue, share, matrix, departments] = await Promise.all([
		rowsOf<{ name: string; count: number }>(
			db,
			sql`select v.name, count(k.id)::int as count from ${companyValue} v
				left join ${kudos} k on k.value_id = v.id and k.hidden_at is null and k.created_at >= ${since}
				where v.active or k.id is not null
				group by v.id, v.name, v.position order by count desc, v.position`
		),
		rowsOf<{ total: number; across: number }>(
			db,
			sql`select count(*)::int as total, count(*) filter (where cross_department)::int as across
				from ${kudos} where hidden_at is null and created_at >= ${since}`
		),
		rowsOf<{ from: string; to: string; count: number }>(
			db,
			sql`select coalesce(gd.name, 'No department') as "from", coalesce(rd.name, 'No department') as "to",
					count(*)::int as count
				from ${kudos} k
				join ${kudosRecipient} r on r.kudos_id = k.id
				left join ${department} gd on gd.id = k.giver_department_id
				left join ${department} rd on rd.id = r.department_id
				where k.hidden_at is null and k.created_at >= ${since}
				group by 1, 2`
		),
		listDepartments()
	]);
	return {
		byValue,
		total: share[0]?.total ?? 0,
		across: share[0]?.across ?? 0,
		matrix,
		departments: departments.map((d) => d.name)
	};
}

/** The ledger's boards: a person, their team or their department. */
export type KudosBoard = Board;
export const KUDOS_DIRECTIONS = ['received', 'given'] as const;
export type KudosDirection = (typeof KUDOS_DIRECTIONS)[number];
/** The ledger's periods but the season: kudos have no seasons. */
export const KUDOS_PERIODS = ['week', 'month', 'all'] as const satisfies readonly Period[];
export type KudosPeriod = (typeof KUDOS_PERIODS)[number];

/**
 * Kudos counted, not points: most recognised (received) or most recognising (given), by
 * person, team or department, this week, this month or all time.
 */
export function kudosLeaderboard(
	direction: KudosDirection,
	board: KudosBoard,
	period: KudosPeriod,
	position?: number
) {
	return at(position, `board:${direction}:${board}:${period}`, () =>
		countKudosLeaderboard(direction, board, period)
	);
}

async function countKudosLeaderboard(
	direction: KudosDirection,
	board: KudosBoard,
	period: KudosPeriod
) {
	const { timeZone } = await getWorkspace();
	const since =
		period === 'all'
			? sql`'-infinity'::timestamptz`
			: sql`date_trunc(${period}, now() at time zone ${timeZone}) at time zone ${timeZone}`;
	const subject =
		direction === 'received'
			? { person: sql`r.person_id`, team: sql`r.team_id`, department: sql`r.department_id` }[board]
			: {
					person: sql`k.giver_id`,
					team: sql`k.giver_team_id`,
					department: sql`k.giver_department_id`
				}[board];
	const names = { person: person, team: team, department: department }[board];
	const from =
		direction === 'received'
			? sql`${kudos} k join ${kudosRecipient} r on r.kudos_id = k.id`
			: sql`${kudos} k`;
	const rows = await rowsOf<{ subject_id: number; name: string; points: number }>(
		useDb(),
		sql`select s.subject_id, n.name, s.count as points from (
				select ${subject} as subject_id, count(*)::int as count, min(k.created_at) as first_at
				from ${from}
				where k.hidden_at is null and k.created_at >= ${since} and ${subject} is not null
				group by 1
			) s join ${names} n on n.id = s.subject_id
			order by s.count desc, s.first_at asc, s.subject_id asc
			limit 10`
	);
	return rows.map((r, i) => ({
		rank: i + 1,
		subjectId: Number(r.subject_id),
		name: r.name,
		points: r.points
	}));
}

/** A person's latest kudos received and given, for their profile. */
export async function kudosOfPerson(personId: number, viewerId: number) {
	const receivedIds = await useDb()
		.select({ id: kudosRecipient.kudosId })
		.from(kudosRecipient)
		.innerJoin(kudos, eq(kudos.id, kudosRecipient.kudosId))
		.where(and(eq(kudosRecipient.personId, personId), isNull(kudos.hiddenAt)))
		.orderBy(desc(kudosRecipient.kudosId))
		.limit(5);
	const givenIds = await useDb()
		.select({ id: kudos.id })
		.from(kudos)
		.where(and(eq(kudos.giverId, personId), isNull(kudos.hiddenAt)))
		.orderBy(desc(kudos.id))
		.limit(5);
	const byId = (ids: { id: number }[]) =>
		ids.length
			? cardsOfIds(ids.map((r) => r.id)).then((cards) =>
					cards.sort((a, b) => b.id - a.id).map((c) => seenBy(c, viewerId))
				)
			: [];
	return { received: await byId(receivedIds), given: await byId(givenIds) };
}

/**
 * The newest kudos received by `personId` or anyone in `teamId`, for their home page: who
 * gave them, for which value, to whom. One statement (the recipients as a JSON list): the
 * home page is read by everyone, many times a day, and shows no reactions or +1s.
 */
export async function recentKudosFor(personId: number, teamId: number | null, limit = 5) {
	const received = eq(kudosRecipient.personId, personId);
	const toTeam = teamId ? or(received, eq(kudosRecipient.teamId, teamId))! : received;
	const recipients = sql<{ id: number; name: string }[]>`(select coalesce(
		json_agg(json_build_object('id', p.id, 'name', p.name) order by p.name, p.id), '[]'::json)
		from ${kudosRecipient} r join ${person} p on p.id = r.person_id
		where r.kudos_id = ${qualified(kudos.id)})`;
	return useDb()
		.select({
			id: kudos.id,
			message: kudos.message,
			points: kudos.points,
			createdAt: kudos.createdAt,
			giverName: giver.name,
			valueName: companyValue.name,
			recipients
		})
		.from(kudos)
		.innerJoin(giver, eq(giver.id, kudos.giverId))
		.innerJoin(companyValue, eq(companyValue.id, kudos.valueId))
		.where(and(isNull(kudos.hiddenAt), recipientMatches(toTeam)))
		.orderBy(desc(kudos.id))
		.limit(limit);
}
