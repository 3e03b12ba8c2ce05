// Badges: a small rule engine run after every award, inside the award's transaction, so a
// badge and the points that earned it are committed (and announced) together.
import { asc, eq, sql } from 'drizzle-orm';
import { useDb, type Transaction } from '../db/client';
import { fixedStatement } from '../db/prepared';
import { badgeAward, ledgerEntry } from './schema';
import { userRoom, type RecordEvent } from '../realtime';
import { notify } from '../notifications';
import { localDate, weekNumber } from './periods';

/** What a rule can look at: the award just made and the person's standing after it. */
export interface BadgeContext {
	tx: Transaction;
	personId: number;
	/** Badges the person held before this award. */
	held: ReadonlySet<string>;
	award: { sourceKind: string; amount: number; at: Date; timeZone: string };
	/** The person's all-time global points, this award included. */
	allTimePoints: number;
	/** Running ISO week numbers (see weekNumber) with standing awards near this one. */
	awardWeeks(): Promise<Set<number>>;
}

/** One badge and when it is earned. */
export interface BadgeRule {
	badge: string;
	label: string;
	description: string;
	earned(ctx: BadgeContext): boolean | Promise<boolean>;
}

const STREAK_WEEKS = 3;

function threshold(points: number): BadgeRule {
	return {
		badge: `points-${points}`,
		label: `${points.toLocaleString('en-US')} points`,
		description: `Earned ${points.toLocaleString('en-US')} points in all.`,
		earned: (ctx) => ctx.allTimePoints >= points
	};
}

/** Every badge Tandem knows, in the order they are checked and listed. */
export const BADGE_RULES: readonly BadgeRule[] = [
	{
		badge: 'first-points',
		label: 'First points',
		description: 'Earned points for the first time.',
		earned: () => true
	},
	{
		badge: 'demo-presenter',
		label: 'Presenter',
		description: 'Presented a product demo.',
		earned: (ctx) => ctx.award.sourceKind === 'demo.presented'
	},
	{
		badge: 'hackathon-first',
		label: 'First hackathon',
		description: 'Submitted a project in a hackathon for the first time.',
		earned: (ctx) => ctx.award.sourceKind === 'hackathon.entry'
	},
	{
		badge: 'hackathon-winner',
		label: 'Hackathon winner',
		description: 'Won a prize in a hackathon.',
		earned: (ctx) => ctx.award.sourceKind === 'hackathon.prize'
	},
	{
		badge: 'hackathon-bridge',
		label: 'Bridge builder',
		description: 'Won a hackathon prize with a team from three departments.',
		earned: (ctx) => ctx.award.sourceKind === 'hackathon.mixed_win'
	},
	threshold(100),
	threshold(500),
	threshold(1000),
	{
		badge: 'streak-3-weeks',
		label: 'Three-week streak',
		description: 'Earned points in three weeks running.',
		earned: async (ctx) => {
			const weeks = await ctx.awardWeeks();
			const week = weekNumber(localDate(ctx.award.at, ctx.award.timeZone));
			return hasRunThrough(weeks, week, STREAK_WEEKS);
		}
	}
];

const rulesByBadge = new Map(BADGE_RULES.map((rule) => [rule.badge, rule]));

/** Whether `weeks` holds `length` consecutive weeks, one of them `week`. */
export function hasRunThrough(weeks: Set<number>, week: number, length: number): boolean {
	for (let start = week - length + 1; start <= week; start++) {
		let run = 0;
		while (run < length && weeks.has(start + run)) run++;
		if (run === length) return true;
	}
	return false;
}

// The distinct local days, not every award: a busy person has many awards a day.
const awardDaysStatement = fixedStatement<{ day: string }>(
	() => sql`select distinct to_char(e.created_at at time zone e.time_zone, 'YYYY-MM-DD') as day
		from ${ledgerEntry} e
		where e.person_id = ${sql.placeholder('personId')} and e.kind = 'award'
			and e.created_at between ${sql.placeholder('from')}::timestamptz
				and ${sql.placeholder('to')}::timestamptz
			and not exists (select 1 from ${ledgerEntry} r where r.reverses_id = e.id)`
);

/**
 * The weeks a person has awards in around `at`; reversed awards do not count. Awards can
 * be dated (imports), so a streak may be completed from either side.
 */
async function weeksAround(tx: Transaction, personId: number, at: Date): Promise<Set<number>> {
	const reach = (STREAK_WEEKS * 7 + 1) * 86_400_000;
	const days = await awardDaysStatement(tx, {
		personId,
		from: new Date(at.getTime() - reach).toISOString(),
		to: new Date(at.getTime() + reach).toISOString()
	});
	return new Set(
		days.map(({ day }) => {
			const [year, month, date] = day.split('-').map(Number);
			return weekNumber({ year, month, day: date });
		})
	);
}

/**
 * Checks every rule the person has not met yet and awards the badges now earned, each
 * once; announces only the ones this call inserted. Returns their names.
 */
export async function awardBadges(
	ctx: Omit<BadgeContext, 'awardWeeks'>,
	record: RecordEvent,
	actorId: number | null
): Promise<string[]> {
	const { tx, personId, held } = ctx;
	let weeks: Promise<Set<number>> | undefined;
	const full: BadgeContext = {
		...ctx,
		awardWeeks: () => (weeks ??= weeksAround(tx, personId, ctx.award.at))
	};
	const earned: string[] = [];
	for (const rule of BADGE_RULES) {
		if (held.has(rule.badge) || !(await rule.earned(full))) continue;
		const inserted = await tx
			.insert(badgeAward)
			.values({ personId, badge: rule.badge, awardedAt: ctx.award.at })
			.onConflictDoNothing()
			.returning({ badge: badgeAward.badge });
		if (inserted.length === 0) continue;
		await record(userRoom(personId), 'badge', { badge: rule.badge, label: rule.label }, actorId);
		// Tandem awards the badge, not the actor: the earner is told even of their own doing.
		const notice = {
			kind: 'badge.earned' as const,
			text: `New badge: ${rule.label}`,
			href: '/profile'
		};
		await notify(tx, record, [personId], notice, null);
		earned.push(rule.badge);
	}
	return earned;
}

/** A person's badges for their profile, oldest first. */
export async function badgesOf(
	personId: number
): Promise<{ badge: string; label: string; description: string; awardedAt: Date }[]> {
	const rows = await useDb()
		.select()
		.from(badgeAward)
		.where(eq(badgeAward.personId, personId))
		.orderBy(asc(badgeAward.awardedAt), asc(badgeAward.badge));
	return rows.map((row) => {
		// A badge whose rule was retired keeps showing, under its name.
		const rule = rulesByBadge.get(row.badge);
		return {
			badge: row.badge,
			label: rule?.label ?? row.badge,
			description: rule?.description ?? '',
			awardedAt: row.awardedAt
		};
	});
}
