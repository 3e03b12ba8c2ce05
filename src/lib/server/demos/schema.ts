import { sql } from 'drizzle-orm';
import {
	boolean,
	check,
	index,
	integer,
	pgEnum,
	pgTable,
	primaryKey,
	text,
	timestamp,
	unique
} from 'drizzle-orm/pg-core';
import { person } from '../org/schema';

export const demoState = pgEnum('demo_state', ['scheduled', 'live', 'ended']);
export const demoCommentKind = pgEnum('demo_comment_kind', ['comment', 'question']);

/** A recurring slot demos are part of ("Product demo, every other Thursday"). */
export const demoSeries = pgTable(
	'demo_series',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		title: text().notNull().unique(),
		/** Weeks between two demos of the series (1 = weekly, 2 = every other week). */
		everyWeeks: integer().notNull(),
		createdById: integer()
			.notNull()
			.references(() => person.id, { onDelete: 'restrict' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		check('demo_series_title_not_blank', sql`length(trim(${t.title})) > 0`),
		check('demo_series_every_weeks', sql`${t.everyWeeks} between 1 and 8`)
	]
);

/**
 * One demo: scheduled, then live (its clock starts at `wentLiveAt`), then ended. The
 * recording is a media item of the media capability; `recordingOffsetMs` is where the
 * session's start falls in it (the presenter's nudge that aligns the log).
 */
export const demo = pgTable(
	'demo',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		seriesId: integer().references(() => demoSeries.id, { onDelete: 'set null' }),
		title: text().notNull(),
		feature: text().notNull(),
		description: text().notNull().default(''),
		meetingUrl: text(),
		startsAt: timestamp({ withTimezone: true }).notNull(),
		lengthMinutes: integer().notNull(),
		state: demoState().notNull().default('scheduled'),
		wentLiveAt: timestamp({ withTimezone: true }),
		endedAt: timestamp({ withTimezone: true }),
		recordingMediaId: integer(),
		recordingOffsetMs: integer().notNull().default(0),
		createdById: integer()
			.notNull()
			.references(() => person.id, { onDelete: 'restrict' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		check('demo_title_not_blank', sql`length(trim(${t.title})) > 0`),
		check('demo_length', sql`${t.lengthMinutes} between 5 and 480`),
		check('demo_meeting_url_http', sql`${t.meetingUrl} is null or ${t.meetingUrl} ~ '^https?://'`),
		check(
			'demo_live_times',
			sql`(${t.state} = 'scheduled') = (${t.wentLiveAt} is null) and (${t.state} = 'ended') = (${t.endedAt} is not null)`
		),
		index('demo_starts_at_idx').on(t.startsAt),
		index('demo_series_idx').on(t.seriesId, t.startsAt),
		index('demo_search_idx').using(
			'gin',
			sql`to_tsvector('english', ${t.title} || ' ' || ${t.feature})`
		)
	]
);

/** Who presents a demo; presenters (and admins) manage it. */
export const demoPresenter = pgTable(
	'demo_presenter',
	{
		demoId: integer()
			.notNull()
			.references(() => demo.id, { onDelete: 'cascade' }),
		personId: integer()
			.notNull()
			.references(() => person.id, { onDelete: 'restrict' })
	},
	(t) => [primaryKey({ columns: [t.demoId, t.personId] })]
);

/**
 * The demo's permanent log (the room event log is pruned): every comment and question,
 * stamped on the server with its offset into the session. `live` is false for comments
 * added while watching the replay (stamped at the playhead).
 */
export const demoComment = pgTable(
	'demo_comment',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		demoId: integer()
			.notNull()
			.references(() => demo.id, { onDelete: 'cascade' }),
		authorId: integer()
			.notNull()
			.references(() => person.id, { onDelete: 'restrict' }),
		kind: demoCommentKind().notNull().default('comment'),
		body: text().notNull(),
		offsetMs: integer().notNull(),
		live: boolean().notNull(),
		votes: integer().notNull().default(0),
		answeredAt: timestamp({ withTimezone: true }),
		pinned: boolean().notNull().default(false),
		helpful: boolean().notNull().default(false),
		escalationId: integer(),
		/** The feature request this comment was turned into (requests module), if any. */
		featureRequestId: integer(),
		/** The bug this comment was filed as in a running bash (bug bash module), if any. */
		bugId: integer(),
		bugBashId: integer(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		check('demo_comment_body', sql`length(trim(${t.body})) between 1 and 1000`),
		check('demo_comment_offset', sql`${t.offsetMs} >= 0`),
		check('demo_comment_votes', sql`${t.votes} >= 0`),
		index('demo_comment_log_idx').on(t.demoId, t.offsetMs, t.id),
		index('demo_comment_search_idx').using('gin', sql`to_tsvector('english', ${t.body})`)
	]
);

/** One upvote per person per question. */
export const demoQuestionVote = pgTable(
	'demo_question_vote',
	{
		commentId: integer()
			.notNull()
			.references(() => demoComment.id, { onDelete: 'cascade' }),
		personId: integer()
			.notNull()
			.references(() => person.id, { onDelete: 'cascade' }),
		votedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.commentId, t.personId] })]
);

/** A named point in the session; from a comment when a presenter turned one into it. */
export const demoChapter = pgTable(
	'demo_chapter',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		demoId: integer()
			.notNull()
			.references(() => demo.id, { onDelete: 'cascade' }),
		offsetMs: integer().notNull(),
		title: text().notNull(),
		fromCommentId: integer().references(() => demoComment.id, { onDelete: 'set null' }),
		createdById: integer()
			.notNull()
			.references(() => person.id, { onDelete: 'restrict' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		check('demo_chapter_title', sql`length(trim(${t.title})) between 1 and 200`),
		check('demo_chapter_offset', sql`${t.offsetMs} >= 0`),
		unique('demo_chapter_from_comment').on(t.fromCommentId),
		index('demo_chapter_idx').on(t.demoId, t.offsetMs),
		index('demo_chapter_search_idx').using('gin', sql`to_tsvector('english', ${t.title})`)
	]
);

/**
 * A ten-second slice of a session that people reacted to: the subject the reactions
 * capability counts reactions "at a moment" on (one row per slice, made on first use).
 */
export const demoMoment = pgTable(
	'demo_moment',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		demoId: integer()
			.notNull()
			.references(() => demo.id, { onDelete: 'cascade' }),
		slice: integer().notNull()
	},
	(t) => [
		unique('demo_moment_slice').on(t.demoId, t.slice),
		check('demo_moment_slice_min', sql`${t.slice} >= 0`)
	]
);

/** Who was there live: recorded once, when they first opened the live page while it ran. */
export const demoAttendance = pgTable(
	'demo_attendance',
	{
		demoId: integer()
			.notNull()
			.references(() => demo.id, { onDelete: 'cascade' }),
		personId: integer()
			.notNull()
			.references(() => person.id, { onDelete: 'cascade' }),
		joinedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.demoId, t.personId] })]
);

/**
 * Who watched the recording: one row per person and demo, written the first time they
 * play it, so the demo's page can say how many watched it after the session.
 */
export const demoRecordingView = pgTable(
	'demo_recording_view',
	{
		demoId: integer()
			.notNull()
			.references(() => demo.id, { onDelete: 'cascade' }),
		personId: integer()
			.notNull()
			.references(() => person.id, { onDelete: 'cascade' }),
		firstAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.demoId, t.personId] })]
);

/**
 * The captions of a demo's recording (an uploaded WebVTT file), one row per cue, times
 * in the recording (not the session). Stored as cues so they are searched with the rest;
 * the player gets them back as WebVTT.
 */
export const demoCaptionCue = pgTable(
	'demo_caption_cue',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		demoId: integer()
			.notNull()
			.references(() => demo.id, { onDelete: 'cascade' }),
		startMs: integer().notNull(),
		endMs: integer().notNull(),
		text: text().notNull()
	},
	(t) => [
		check('demo_caption_cue_times', sql`${t.startMs} >= 0 and ${t.endMs} > ${t.startMs}`),
		check('demo_caption_cue_text', sql`length(${t.text}) between 1 and 2000`),
		index('demo_caption_cue_idx').on(t.demoId, t.startMs),
		index('demo_caption_cue_search_idx').using('gin', sql`to_tsvector('english', ${t.text})`)
	]
);

/**
 * A person's secret address for subscribing to demo calendars from a calendar app, which
 * has no session: only the token's SHA-256 is kept; making a new one revokes the old.
 */
export const demoFeedToken = pgTable('demo_feed_token', {
	personId: integer()
		.primaryKey()
		.references(() => person.id, { onDelete: 'cascade' }),
	tokenHash: text().notNull().unique(),
	createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
});
