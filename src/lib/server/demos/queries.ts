// Reading demos: the lists, one demo with its log, questions, chapters, moments and
// attendance, a series' demos (its calendar feed), and full-text search.
import { asc, count, eq, inArray, sql } from 'drizzle-orm';
import { MOMENT_MS, type LogComment } from '$lib/demos/schemas';
import { rowsOf, useDb } from '../db/client';
import { person } from '../org';
import { reactionsOn } from '../reactions';
import { logLine } from './log';
import {
	demo,
	demoAttendance,
	demoCaptionCue,
	demoChapter,
	demoComment,
	demoMoment,
	demoSeries
} from './schema';
import { presenterNames } from './service';

export type DemoSummary = Awaited<ReturnType<typeof listDemos>>['upcoming'][number];

/** Upcoming (soonest first), live, and past (latest first) demos with their presenters. */
export async function listDemos() {
	const db = useDb();
	const rows = await db
		.select({
			id: demo.id,
			title: demo.title,
			feature: demo.feature,
			startsAt: demo.startsAt,
			lengthMinutes: demo.lengthMinutes,
			state: demo.state,
			wentLiveAt: demo.wentLiveAt,
			seriesId: demo.seriesId,
			seriesTitle: demoSeries.title
		})
		.from(demo)
		.leftJoin(demoSeries, eq(demoSeries.id, demo.seriesId))
		.orderBy(asc(demo.startsAt), asc(demo.id));
	const presenters = await presenterNames(
		db,
		rows.map((r) => r.id)
	);
	const withPresenters = rows.map((r) => ({ ...r, presenters: presenters.get(r.id) ?? [] }));
	return {
		upcoming: withPresenters.filter((d) => d.state === 'scheduled'),
		live: withPresenters.filter((d) => d.state === 'live'),
		past: withPresenters.filter((d) => d.state === 'ended').reverse()
	};
}

/** One demo with its presenters and series; null when there is none. */
export async function demoDetail(demoId: number) {
	const db = useDb();
	const [row] = await db
		.select({ demo, seriesTitle: demoSeries.title, everyWeeks: demoSeries.everyWeeks })
		.from(demo)
		.leftJoin(demoSeries, eq(demoSeries.id, demo.seriesId))
		.where(eq(demo.id, demoId));
	if (!row) return null;
	const presenters = (await presenterNames(db, [demoId])).get(demoId) ?? [];
	return { ...row.demo, seriesTitle: row.seriesTitle, everyWeeks: row.everyWeeks, presenters };
}

/** The whole log, in the order of the session (later comments at their playhead). */
export async function logOf(demoId: number): Promise<LogComment[]> {
	const rows = await useDb()
		.select({ comment: demoComment, authorName: person.name })
		.from(demoComment)
		.innerJoin(person, eq(person.id, demoComment.authorId))
		.where(eq(demoComment.demoId, demoId))
		.orderBy(asc(demoComment.offsetMs), asc(demoComment.id));
	return rows.map((r) => logLine(r.comment, r.authorName));
}

/** The questions someone has upvoted in this demo (to show their vote as given). */
export async function myVotes(demoId: number, personId: number): Promise<number[]> {
	const rows = await rowsOf<{ id: number }>(
		useDb(),
		sql`select v.comment_id as id from demo_question_vote v
			join ${demoComment} c on c.id = v.comment_id
			where c.demo_id = ${demoId} and v.person_id = ${personId}`
	);
	return [...rows].map((r) => Number(r.id));
}

export async function chaptersOf(demoId: number) {
	return useDb()
		.select({
			id: demoChapter.id,
			title: demoChapter.title,
			offsetMs: demoChapter.offsetMs,
			fromCommentId: demoChapter.fromCommentId
		})
		.from(demoChapter)
		.where(eq(demoChapter.demoId, demoId))
		.orderBy(asc(demoChapter.offsetMs), asc(demoChapter.id));
}

/** Reactions at each moment of the session: offset of the slice, and how many of each kind. */
export async function momentsOf(demoId: number) {
	const slices = await useDb()
		.select({ id: demoMoment.id, slice: demoMoment.slice })
		.from(demoMoment)
		.where(eq(demoMoment.demoId, demoId));
	const groups = await reactionsOn(
		'demo_moment',
		slices.map((s) => s.id)
	);
	return slices
		.map((s) => {
			const own = groups.filter((g) => g.subjectId === s.id);
			return {
				offsetMs: s.slice * MOMENT_MS,
				total: own.reduce((n, g) => n + g.people.length, 0),
				counts: Object.fromEntries(own.map((g) => [g.kind, g.people.length]))
			};
		})
		.filter((m) => m.total > 0)
		.sort((a, b) => a.offsetMs - b.offsetMs);
}

/** Who was there live, in the order they arrived. */
export async function attendeesOf(demoId: number) {
	return useDb()
		.select({ id: person.id, name: person.name })
		.from(demoAttendance)
		.innerJoin(person, eq(person.id, demoAttendance.personId))
		.where(eq(demoAttendance.demoId, demoId))
		.orderBy(asc(demoAttendance.joinedAt));
}

/** A series and its demos (oldest first), for its calendar feed; null when there is none. */
export async function seriesWithDemos(seriesId: number) {
	const db = useDb();
	const [series] = await db.select().from(demoSeries).where(eq(demoSeries.id, seriesId));
	if (!series) return null;
	const demos = await db
		.select()
		.from(demo)
		.where(eq(demo.seriesId, seriesId))
		.orderBy(asc(demo.startsAt));
	return { series, demos };
}

/** How many comments each demo's log holds (one query for a list). */
export async function commentCounts(demoIds: number[]): Promise<Map<number, number>> {
	if (demoIds.length === 0) return new Map();
	const rows = await useDb()
		.select({ demoId: demoComment.demoId, n: count() })
		.from(demoComment)
		.where(inArray(demoComment.demoId, demoIds))
		.groupBy(demoComment.demoId);
	return new Map(rows.map((r) => [r.demoId, Number(r.n)]));
}

export interface SearchHit {
	demoId: number;
	demoTitle: string;
	kind: 'demo' | 'chapter' | 'comment' | 'caption';
	text: string;
	offsetMs: number | null;
	rank: number;
}

/**
 * Demos whose title or feature, chapters, comments or captions match `query` (PostgreSQL full-text
 * search in English, the same on PGlite), best matches first, each linking to its moment.
 */
export async function searchDemos(query: string, limit = 30): Promise<SearchHit[]> {
	const text = query.trim();
	if (!text) return [];
	const q = sql`websearch_to_tsquery('english', ${text})`;
	const rows = await rowsOf<{
		demo_id: number;
		demo_title: string;
		kind: SearchHit['kind'];
		text: string;
		offset_ms: number | null;
		rank: number;
	}>(
		useDb(),
		sql`
		select d.id as demo_id, d.title as demo_title, 'demo' as kind, d.feature as text,
			null::integer as offset_ms,
			ts_rank(to_tsvector('english', d.title || ' ' || d.feature), ${q}) * 2 as rank
		from ${demo} d where to_tsvector('english', d.title || ' ' || d.feature) @@ ${q}
		union all
		select d.id, d.title, 'chapter', c.title, c.offset_ms,
			ts_rank(to_tsvector('english', c.title), ${q}) * 1.5
		from ${demoChapter} c join ${demo} d on d.id = c.demo_id
		where to_tsvector('english', c.title) @@ ${q}
		union all
		select d.id, d.title, 'comment', m.body, m.offset_ms, ts_rank(to_tsvector('english', m.body), ${q})
		from ${demoComment} m join ${demo} d on d.id = m.demo_id
		where to_tsvector('english', m.body) @@ ${q}
		union all
		select d.id, d.title, 'caption', k.text,
			greatest(0, k.start_ms - d.recording_offset_ms), ts_rank(to_tsvector('english', k.text), ${q})
		from ${demoCaptionCue} k join ${demo} d on d.id = k.demo_id
		where to_tsvector('english', k.text) @@ ${q}
		order by rank desc, demo_id desc, offset_ms nulls first
		limit ${limit}`
	);
	return [...rows].map((r) => ({
		demoId: Number(r.demo_id),
		demoTitle: r.demo_title,
		kind: r.kind,
		text: r.text,
		offsetMs: r.offset_ms === null ? null : Number(r.offset_ms),
		rank: Number(r.rank)
	}));
}
