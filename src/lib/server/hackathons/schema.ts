import { sql } from 'drizzle-orm';
import {
	boolean,
	check,
	foreignKey,
	index,
	integer,
	pgEnum,
	pgTable,
	primaryKey,
	text,
	timestamp,
	unique,
	uniqueIndex
} from 'drizzle-orm/pg-core';
import { attachment } from '../attachments/schema';
import { departmentKind, person } from '../org/schema';

export const hackathonPhase = pgEnum('hackathon_phase', [
	'draft',
	'registration',
	'hacking',
	'judging',
	'results'
]);
export const judgingMode = pgEnum('hackathon_judging_mode', ['rubric', 'pairwise', 'both']);
export const teamInviteKind = pgEnum('hackathon_invite_kind', ['request', 'invitation']);
export const teamInviteState = pgEnum('hackathon_invite_state', [
	'pending',
	'accepted',
	'declined',
	'withdrawn'
]);

/**
 * A hackathon: what it is about, its team rules and judging set-up, and the four times
 * its phases change at. Submissions, scores and prizes paid hang off it in later tables.
 */
export const hackathon = pgTable(
	'hackathon',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		title: text().notNull(),
		theme: text().notNull(),
		description: text().notNull().default(''),
		rules: text().notNull().default(''),
		teamSizeMin: integer().notNull(),
		teamSizeMax: integer().notNull(),
		/** The cross-functional rule: at least this many distinct departments per team… */
		minDepartments: integer().notNull().default(1),
		/** …and, when set, at least one person from a department of this kind. */
		requiredDepartmentKind: departmentKind(),
		judgingMode: judgingMode().notNull().default('rubric'),
		peoplesChoice: boolean().notNull().default(false),
		votesPerPerson: integer().notNull().default(3),
		/** Rubric judging: every submission gets at least this many judges. */
		judgesPerSubmission: integer().notNull().default(3),
		/** The final ranking's weights (normalised when ranking) over the three judgements. */
		rubricWeight: integer().notNull().default(60),
		pairwiseWeight: integer().notNull().default(20),
		peoplesChoiceWeight: integer().notNull().default(20),
		registrationOpensAt: timestamp({ withTimezone: true }).notNull(),
		hackingStartsAt: timestamp({ withTimezone: true }).notNull(),
		/** Also the submission deadline. */
		hackingEndsAt: timestamp({ withTimezone: true }).notNull(),
		/** Results are revealed from here on. */
		judgingEndsAt: timestamp({ withTimezone: true }).notNull(),
		phase: hackathonPhase().notNull().default('draft'),
		createdById: integer()
			.notNull()
			.references(() => person.id, { onDelete: 'restrict' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		check('hackathon_title_not_blank', sql`length(trim(${t.title})) > 0`),
		check(
			'hackathon_times_in_order',
			sql`${t.registrationOpensAt} <= ${t.hackingStartsAt} and ${t.hackingStartsAt} < ${t.hackingEndsAt} and ${t.hackingEndsAt} < ${t.judgingEndsAt}`
		),
		check(
			'hackathon_team_size',
			sql`${t.teamSizeMin} >= 1 and ${t.teamSizeMax} >= ${t.teamSizeMin} and ${t.teamSizeMax} <= 20`
		),
		check('hackathon_min_departments', sql`${t.minDepartments} between 1 and 4`),
		check('hackathon_votes_per_person', sql`${t.votesPerPerson} between 1 and 10`),
		check('hackathon_judges_per_submission', sql`${t.judgesPerSubmission} between 1 and 20`),
		check(
			'hackathon_ranking_weights',
			sql`least(${t.rubricWeight}, ${t.pairwiseWeight}, ${t.peoplesChoiceWeight}) >= 0 and ${t.rubricWeight} + ${t.pairwiseWeight} + ${t.peoplesChoiceWeight} > 0`
		),
		index('hackathon_phase_idx').on(t.phase, t.registrationOpensAt)
	]
);

/**
 * Members an admin allows to create hackathons (admins always may). A per-person grant,
 * kept by this module so the people table stays the org's.
 */
export const hackathonOrganisingGrant = pgTable('hackathon_organising_grant', {
	personId: integer()
		.primaryKey()
		.references(() => person.id, { onDelete: 'cascade' }),
	grantedById: integer()
		.notNull()
		.references(() => person.id, { onDelete: 'restrict' }),
	grantedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
});

/** Who runs one hackathon: its creator and co-organisers. */
export const hackathonOrganiser = pgTable(
	'hackathon_organiser',
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

/** A challenge teams can take on; a prize category when it says so. */
export const hackathonChallenge = pgTable(
	'hackathon_challenge',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		hackathonId: integer()
			.notNull()
			.references(() => hackathon.id, { onDelete: 'cascade' }),
		position: integer().notNull(),
		title: text().notNull(),
		isCategory: boolean().notNull().default(false)
	},
	(t) => [
		unique('hackathon_challenge_position').on(t.hackathonId, t.position),
		uniqueIndex('hackathon_challenge_title').on(t.hackathonId, sql`lower(${t.title})`)
	]
);

/** A prize: overall (no challenge) or in one challenge's category, for a place. */
export const hackathonPrize = pgTable(
	'hackathon_prize',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		hackathonId: integer()
			.notNull()
			.references(() => hackathon.id, { onDelete: 'cascade' }),
		challengeId: integer().references(() => hackathonChallenge.id, { onDelete: 'cascade' }),
		position: integer().notNull(),
		title: text().notNull(),
		description: text().notNull().default(''),
		points: integer().notNull()
	},
	(t) => [
		unique('hackathon_prize_position').on(t.hackathonId, t.position),
		check('hackathon_prize_points', sql`${t.points} >= 0`)
	]
);

/** A judging criterion with its weight (weights are normalised when ranking). */
export const hackathonCriterion = pgTable(
	'hackathon_criterion',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		hackathonId: integer()
			.notNull()
			.references(() => hackathon.id, { onDelete: 'cascade' }),
		position: integer().notNull(),
		name: text().notNull(),
		weight: integer().notNull()
	},
	(t) => [
		unique('hackathon_criterion_position').on(t.hackathonId, t.position),
		check('hackathon_criterion_weight', sql`${t.weight} between 1 and 100`)
	]
);

/** An idea on the board: a problem worth a team, with customer evidence. */
export const hackathonIdea = pgTable(
	'hackathon_idea',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		hackathonId: integer()
			.notNull()
			.references(() => hackathon.id, { onDelete: 'cascade' }),
		authorId: integer()
			.notNull()
			.references(() => person.id, { onDelete: 'restrict' }),
		title: text().notNull(),
		problem: text().notNull(),
		skills: text()
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		/**
		 * Escalations that show customers need it, checked through the escalations module when
		 * posted (no foreign key: one module's schema never names another's tables).
		 */
		escalationIds: integer()
			.array()
			.notNull()
			.default(sql`'{}'::integer[]`),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('hackathon_idea_hackathon_idx').on(t.hackathonId)]
);

/** "Looking for a team": someone free to join, with what they bring. */
export const hackathonFreeAgent = pgTable(
	'hackathon_free_agent',
	{
		hackathonId: integer()
			.notNull()
			.references(() => hackathon.id, { onDelete: 'cascade' }),
		personId: integer()
			.notNull()
			.references(() => person.id, { onDelete: 'cascade' }),
		skills: text()
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		since: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.hackathonId, t.personId] })]
);

/**
 * A team. `flaggedAt` is set when hacking starts and the team misses the cross-functional
 * rule; an organiser's exception (who, why, when) lets it submit anyway.
 */
export const hackathonTeam = pgTable(
	'hackathon_team',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		hackathonId: integer()
			.notNull()
			.references(() => hackathon.id, { onDelete: 'cascade' }),
		name: text().notNull(),
		ideaId: integer().references(() => hackathonIdea.id, { onDelete: 'set null' }),
		captainId: integer()
			.notNull()
			.references(() => person.id, { onDelete: 'restrict' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		flaggedAt: timestamp({ withTimezone: true }),
		flagReason: text(),
		exceptionById: integer().references(() => person.id, { onDelete: 'restrict' }),
		exceptionReason: text(),
		exceptionAt: timestamp({ withTimezone: true })
	},
	(t) => [
		unique('hackathon_team_id_hackathon').on(t.id, t.hackathonId),
		uniqueIndex('hackathon_team_name').on(t.hackathonId, sql`lower(${t.name})`),
		check('hackathon_team_name_not_blank', sql`length(trim(${t.name})) > 0`),
		check(
			'hackathon_team_exception_complete',
			sql`(${t.exceptionById} is null) = (${t.exceptionReason} is null)`
		)
	]
);

/** Membership: one team per person per hackathon, enforced by the unique key. */
export const hackathonMember = pgTable(
	'hackathon_member',
	{
		hackathonId: integer().notNull(),
		teamId: integer().notNull(),
		personId: integer()
			.notNull()
			.references(() => person.id, { onDelete: 'cascade' }),
		joinedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.hackathonId, t.personId] }),
		foreignKey({
			name: 'hackathon_member_team',
			columns: [t.teamId, t.hackathonId],
			foreignColumns: [hackathonTeam.id, hackathonTeam.hackathonId]
		}).onDelete('cascade'),
		index('hackathon_member_team_idx').on(t.teamId)
	]
);

/**
 * A request to join (from the person, answered by the captain) or an invitation (from the
 * captain, answered by the invitee). At most one pending per team and person.
 */
export const hackathonTeamInvite = pgTable(
	'hackathon_team_invite',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		hackathonId: integer().notNull(),
		teamId: integer().notNull(),
		personId: integer()
			.notNull()
			.references(() => person.id, { onDelete: 'cascade' }),
		kind: teamInviteKind().notNull(),
		state: teamInviteState().notNull().default('pending'),
		askedById: integer()
			.notNull()
			.references(() => person.id, { onDelete: 'restrict' }),
		message: text().notNull().default(''),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		decidedAt: timestamp({ withTimezone: true })
	},
	(t) => [
		foreignKey({
			name: 'hackathon_team_invite_team',
			columns: [t.teamId, t.hackathonId],
			foreignColumns: [hackathonTeam.id, hackathonTeam.hackathonId]
		}).onDelete('cascade'),
		uniqueIndex('hackathon_team_invite_pending')
			.on(t.teamId, t.personId)
			.where(sql`state = 'pending'`),
		index('hackathon_team_invite_person_idx').on(t.personId, t.state)
	]
);

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
