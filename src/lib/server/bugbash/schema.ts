import { sql } from 'drizzle-orm';
import {
	boolean,
	check,
	index,
	integer,
	jsonb,
	pgEnum,
	pgTable,
	primaryKey,
	text,
	timestamp,
	unique,
	type AnyPgColumn
} from 'drizzle-orm/pg-core';
import { person } from '../org/schema';
import { attachment } from '../attachments/schema';
import { severity } from '../report/schema';

export const bugBashState = pgEnum('bug_bash_state', ['scheduled', 'live', 'ended']);
/**
 * Whether a bash may pay its points: a member's bash above the workspace's caps waits for
 * an admin (and pays nothing meanwhile); a declined one pays the caps.
 */
export const bashApproval = pgEnum('bash_approval', ['approved', 'pending', 'declined']);
export const bugStatus = pgEnum('bug_status', [
	'new',
	'accepted',
	'duplicate',
	'not_a_bug',
	'escalated'
]);

/** Points a bash awards; organisers may change them when creating the bash. */
export interface BashScoring {
	critical: number;
	high: number;
	medium: number;
	low: number;
	/** For the reporter of a bug found to be a duplicate (they confirmed it). */
	duplicate: number;
	/** Extra points for the first accepted bug of the bash. */
	firstBonus: number;
}

/** A company-wide hunt for bugs in one feature or release before it ships. */
export const bugBash = pgTable(
	'bug_bash',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		title: text().notNull(),
		feature: text().notNull(),
		charter: text().notNull().default(''),
		areas: text()
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		environmentUrl: text(),
		startsAt: timestamp({ withTimezone: true }).notNull(),
		endsAt: timestamp({ withTimezone: true }).notNull(),
		state: bugBashState().notNull().default('scheduled'),
		scoring: jsonb().$type<BashScoring>().notNull(),
		/** Bashes from before the caps existed were approved by the migration's default. */
		approval: bashApproval().notNull().default('approved'),
		/** The admin who approved or declined it, and when. */
		approvalById: integer().references(() => person.id, { onDelete: 'set null' }),
		approvalAt: timestamp({ withTimezone: true }),
		createdById: integer()
			.notNull()
			.references(() => person.id, { onDelete: 'restrict' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		startedAt: timestamp({ withTimezone: true }),
		endedAt: timestamp({ withTimezone: true })
	},
	(t) => [
		check('bug_bash_ends_after_start', sql`${t.endsAt} > ${t.startsAt}`),
		check('bug_bash_title_not_blank', sql`length(trim(${t.title})) > 0`),
		index('bug_bash_state_idx').on(t.state, t.startsAt),
		index('bug_bash_approval_idx').on(t.approval)
	]
);

/** Who runs a bash: its creator and any co-organisers. */
export const bugBashOrganiser = pgTable(
	'bug_bash_organiser',
	{
		bashId: integer()
			.notNull()
			.references(() => bugBash.id, { onDelete: 'cascade' }),
		personId: integer()
			.notNull()
			.references(() => person.id, { onDelete: 'cascade' }),
		addedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.bashId, t.personId] })]
);

/**
 * A bug logged during a bash, in the standard escalation format. `clientKey` comes from the
 * reporter's form, so a double click or a retried submit never logs it twice.
 */
export const bug = pgTable(
	'bug',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		bashId: integer()
			.notNull()
			.references(() => bugBash.id, { onDelete: 'cascade' }),
		reporterId: integer()
			.notNull()
			.references(() => person.id, { onDelete: 'restrict' }),
		clientKey: text().notNull(),
		title: text().notNull(),
		area: text().notNull(),
		severity: severity().notNull(),
		steps: text().notNull(),
		expected: text().notNull(),
		actual: text().notNull(),
		environment: text().notNull().default(''),
		status: bugStatus().notNull().default('new'),
		duplicateOfId: integer().references((): AnyPgColumn => bug.id, { onDelete: 'set null' }),
		notABugReason: text(),
		/**
		 * The escalation it was promoted to, if any (at most one per bug). Its foreign key
		 * to `escalation` is declared in SQL (migration 0008), not here: a module's tables
		 * name another module's only through migrations, so no schema imports another
		 * module.
		 */
		escalationId: integer().unique(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('bug_reporter_client_key').on(t.reporterId, t.clientKey),
		index('bug_bash_status_idx').on(t.bashId, t.status),
		index('bug_title_trgm_idx').using('gin', sql`${t.title} gin_trgm_ops`),
		check('bug_title_not_blank', sql`length(trim(${t.title})) > 0`),
		check(
			'bug_duplicate_has_original',
			sql`(${t.status} = 'duplicate') = (${t.duplicateOfId} is not null)`
		)
	]
);

/** "Same bug": someone who hit a bug already logged says so instead of logging it again. */
export const bugConfirmation = pgTable(
	'bug_confirmation',
	{
		bugId: integer()
			.notNull()
			.references(() => bug.id, { onDelete: 'cascade' }),
		personId: integer()
			.notNull()
			.references(() => person.id, { onDelete: 'cascade' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.bugId, t.personId] })]
);

/** Who joined a bash (for participation by department); presence says who is there now. */
export const bugBashParticipant = pgTable(
	'bug_bash_participant',
	{
		bashId: integer()
			.notNull()
			.references(() => bugBash.id, { onDelete: 'cascade' }),
		personId: integer()
			.notNull()
			.references(() => person.id, { onDelete: 'cascade' }),
		joinedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.bashId, t.personId] })]
);

export const bugDecisionKind = pgEnum('bug_decision_kind', [
	'accepted',
	'duplicate',
	'not_a_bug',
	'escalated'
]);

/**
 * An organiser's triage decision on a bug. The latest decision not undone is the bug's
 * state; undoing one sets `undoneAt` and reverses its points (ledger sources
 * 'bugbash.*' with this row's id), so a decision taken again earns afresh.
 */
export const bugDecision = pgTable(
	'bug_decision',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		bugId: integer()
			.notNull()
			.references(() => bug.id, { onDelete: 'cascade' }),
		kind: bugDecisionKind().notNull(),
		/** Accepted: the severity the points were counted at (organisers may correct it). */
		severity: severity(),
		/** The bug's severity before this decision, restored on undo. */
		previousSeverity: severity(),
		duplicateOfId: integer().references(() => bug.id, { onDelete: 'set null' }),
		reason: text(),
		/** Accepted first in the bash: its reporter got the first-find bonus. */
		firstBonus: boolean().notNull().default(false),
		decidedById: integer()
			.notNull()
			.references(() => person.id, { onDelete: 'restrict' }),
		decidedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		undoneById: integer().references(() => person.id, { onDelete: 'restrict' }),
		undoneAt: timestamp({ withTimezone: true })
	},
	(t) => [
		index('bug_decision_bug_idx').on(t.bugId, t.decidedAt),
		check('bug_decision_undo_complete', sql`(${t.undoneAt} is null) = (${t.undoneById} is null)`)
	]
);

/** The screenshots and logs of a bug (the files themselves are the attachments platform's). */
export const bugAttachment = pgTable(
	'bug_attachment',
	{
		bugId: integer()
			.notNull()
			.references(() => bug.id, { onDelete: 'cascade' }),
		attachmentId: integer()
			.notNull()
			.references(() => attachment.id, { onDelete: 'cascade' })
	},
	(t) => [primaryKey({ columns: [t.bugId, t.attachmentId] })]
);
