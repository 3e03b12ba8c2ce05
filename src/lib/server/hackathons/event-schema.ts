// A hackathon and its people: phases, organisers, challenges, prizes, criteria, ideas,
// free agents, teams, members and invitations.
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
