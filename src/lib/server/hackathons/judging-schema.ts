import { sql } from 'drizzle-orm';
import {
	check,
	foreignKey,
	index,
	integer,
	jsonb,
	pgTable,
	primaryKey,
	text,
	timestamp,
	unique
} from 'drizzle-orm/pg-core';
import { attachment } from '../attachments/schema';
import { person } from '../org/schema';
import { hackathon, hackathonChallenge, hackathonCriterion, hackathonTeam } from './event-schema';

// The second half: submissions and their versions, judges and their conflicts, rubric
// assignments and scores, pairwise votes and views, and people's choice votes.

/** What a submission says; the live row and every saved version carry the same fields. */
const submissionFields = {
	title: text().notNull(),
	tagline: text().notNull().default(''),
	description: text().notNull().default(''),
	challengeId: integer().references(() => hackathonChallenge.id, { onDelete: 'set null' }),
	categoryIds: integer()
		.array()
		.notNull()
		.default(sql`'{}'::integer[]`),
	repositoryUrl: text().notNull().default(''),
	demoUrl: text().notNull().default(''),
	whoDidWhat: text().notNull().default('')
};

/**
 * A team's project as it stands now: one per team. `version` counts saves; each save is
 * also kept in `hackathon_submission_version`.
 */
export const hackathonSubmission = pgTable(
	'hackathon_submission',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		hackathonId: integer()
			.notNull()
			.references(() => hackathon.id, { onDelete: 'cascade' }),
		teamId: integer().notNull(),
		...submissionFields,
		version: integer().notNull().default(1),
		/** Pairwise judging shows prioritised projects first (an organiser's flag). */
		prioritised: integer().notNull().default(0),
		savedById: integer()
			.notNull()
			.references(() => person.id, { onDelete: 'restrict' }),
		savedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('hackathon_submission_team').on(t.teamId),
		unique('hackathon_submission_id_hackathon').on(t.id, t.hackathonId),
		foreignKey({
			name: 'hackathon_submission_team_fk',
			columns: [t.teamId, t.hackathonId],
			foreignColumns: [hackathonTeam.id, hackathonTeam.hackathonId]
		}).onDelete('cascade'),
		check('hackathon_submission_title_not_blank', sql`length(trim(${t.title})) > 0`)
	]
);

/** Every saved version of a submission, never changed. */
export const hackathonSubmissionVersion = pgTable(
	'hackathon_submission_version',
	{
		submissionId: integer()
			.notNull()
			.references(() => hackathonSubmission.id, { onDelete: 'cascade' }),
		version: integer().notNull(),
		...submissionFields,
		savedById: integer()
			.notNull()
			.references(() => person.id, { onDelete: 'restrict' }),
		savedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.submissionId, t.version] })]
);

/** Screenshots of a submission (files kept by the attachments capability). */
export const hackathonSubmissionScreenshot = pgTable(
	'hackathon_submission_screenshot',
	{
		submissionId: integer()
			.notNull()
			.references(() => hackathonSubmission.id, { onDelete: 'cascade' }),
		attachmentId: integer()
			.notNull()
			.references(() => attachment.id, { onDelete: 'cascade' })
	},
	(t) => [primaryKey({ columns: [t.submissionId, t.attachmentId] })]
);

/** Who judges a hackathon (organisers pick any members). */
export const hackathonJudge = pgTable(
	'hackathon_judge',
	{
		hackathonId: integer()
			.notNull()
			.references(() => hackathon.id, { onDelete: 'cascade' }),
		personId: integer()
			.notNull()
			.references(() => person.id, { onDelete: 'cascade' }),
		addedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.hackathonId, t.personId] })]
);

/**
 * A declared conflict: this judge does not judge this team (their own team is always a
 * conflict and is not stored).
 */
export const hackathonConflict = pgTable(
	'hackathon_conflict',
	{
		hackathonId: integer().notNull(),
		judgeId: integer()
			.notNull()
			.references(() => person.id, { onDelete: 'cascade' }),
		teamId: integer().notNull(),
		declaredById: integer()
			.notNull()
			.references(() => person.id, { onDelete: 'restrict' }),
		reason: text().notNull().default(''),
		declaredAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.judgeId, t.teamId] }),
		foreignKey({
			name: 'hackathon_conflict_team',
			columns: [t.teamId, t.hackathonId],
			foreignColumns: [hackathonTeam.id, hackathonTeam.hackathonId]
		}).onDelete('cascade')
	]
);

/** A rubric assignment: this judge scores this submission. */
export const hackathonAssignment = pgTable(
	'hackathon_assignment',
	{
		hackathonId: integer().notNull(),
		judgeId: integer()
			.notNull()
			.references(() => person.id, { onDelete: 'cascade' }),
		submissionId: integer().notNull(),
		assignedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.judgeId, t.submissionId] }),
		foreignKey({
			name: 'hackathon_assignment_submission',
			columns: [t.submissionId, t.hackathonId],
			foreignColumns: [hackathonSubmission.id, hackathonSubmission.hackathonId]
		}).onDelete('cascade'),
		index('hackathon_assignment_submission_idx').on(t.submissionId)
	]
);

/** One judge's 1–5 score of one submission on one criterion, with an optional note. */
export const hackathonScore = pgTable(
	'hackathon_score',
	{
		judgeId: integer()
			.notNull()
			.references(() => person.id, { onDelete: 'cascade' }),
		submissionId: integer()
			.notNull()
			.references(() => hackathonSubmission.id, { onDelete: 'cascade' }),
		criterionId: integer()
			.notNull()
			.references(() => hackathonCriterion.id, { onDelete: 'cascade' }),
		score: integer().notNull(),
		note: text().notNull().default(''),
		scoredAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.judgeId, t.submissionId, t.criterionId] }),
		check('hackathon_score_range', sql`${t.score} between 1 and 5`),
		index('hackathon_score_submission_idx').on(t.submissionId)
	]
);

/** A pairwise vote, in order: the model's state is these votes replayed from the priors. */
export const hackathonPairwiseVote = pgTable(
	'hackathon_pairwise_vote',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		hackathonId: integer()
			.notNull()
			.references(() => hackathon.id, { onDelete: 'cascade' }),
		judgeId: integer()
			.notNull()
			.references(() => person.id, { onDelete: 'cascade' }),
		winnerId: integer()
			.notNull()
			.references(() => hackathonSubmission.id, { onDelete: 'cascade' }),
		loserId: integer()
			.notNull()
			.references(() => hackathonSubmission.id, { onDelete: 'cascade' }),
		votedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		check('hackathon_pairwise_vote_two', sql`${t.winnerId} <> ${t.loserId}`),
		index('hackathon_pairwise_vote_hackathon_idx').on(t.hackathonId, t.id)
	]
);

/**
 * What a judge was shown in pairwise judging, in order: the last row is the project in
 * front of them; `skipReason` is set when they skipped it.
 */
export const hackathonPairwiseView = pgTable(
	'hackathon_pairwise_view',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		hackathonId: integer()
			.notNull()
			.references(() => hackathon.id, { onDelete: 'cascade' }),
		judgeId: integer()
			.notNull()
			.references(() => person.id, { onDelete: 'cascade' }),
		submissionId: integer()
			.notNull()
			.references(() => hackathonSubmission.id, { onDelete: 'cascade' }),
		skipReason: text(),
		viewedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('hackathon_pairwise_view_once').on(t.judgeId, t.submissionId),
		index('hackathon_pairwise_view_hackathon_idx').on(t.hackathonId, t.viewedAt)
	]
);

/** A people's choice vote: one per person and submission; the limit is checked under lock. */
export const hackathonPeoplesVote = pgTable(
	'hackathon_peoples_vote',
	{
		hackathonId: integer().notNull(),
		personId: integer()
			.notNull()
			.references(() => person.id, { onDelete: 'cascade' }),
		submissionId: integer().notNull(),
		votedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.personId, t.submissionId] }),
		foreignKey({
			name: 'hackathon_peoples_vote_submission',
			columns: [t.submissionId, t.hackathonId],
			foreignColumns: [hackathonSubmission.id, hackathonSubmission.hackathonId]
		}).onDelete('cascade'),
		index('hackathon_peoples_vote_hackathon_idx').on(t.hackathonId, t.personId)
	]
);

/** One line of the big-screen reveal: who took which prize. */
export interface RevealStep {
	category: string;
	place: number;
	prize: string;
	points: number;
	submissionId: number | null;
	project: string | null;
	team: string | null;
	members: string[];
}

/**
 * The results, revealed once: the steps the big screen plays, frozen at the moment an
 * organiser pressed "Reveal" (the primary key makes it once), with the full ranking.
 */
export const hackathonReveal = pgTable('hackathon_reveal', {
	hackathonId: integer()
		.primaryKey()
		.references(() => hackathon.id, { onDelete: 'cascade' }),
	revealedById: integer()
		.notNull()
		.references(() => person.id, { onDelete: 'restrict' }),
	revealedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
	steps: jsonb().$type<RevealStep[]>().notNull(),
	ranking: jsonb()
		.$type<
			{ id: number; place: number; title: string; team: string; score: number; votes: number }[]
		>()
		.notNull()
});
