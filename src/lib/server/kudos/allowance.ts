// A person's monthly kudos allowance: the workspace's kudos rules, the month allowances
// are counted in, what is left, and spending it inside a giving transaction.
import { and, eq, sql } from 'drizzle-orm';
import { useDb, type Executor, type Transaction } from '../db/client';
import { preparedPerDatabase } from '../db/prepared';
import { kudosAllowance, kudosSettings } from './schema';
import { ServiceError } from '../errors';
import { currentPeriodKey } from '../ledger';
import { latestSeq, latestSeqSql } from '../realtime';
import { KUDOS_ROOM } from './events';

/** The rules before an admin sets them (the migration inserts the same row). */
export const DEFAULT_SETTINGS = {
	id: 1,
	monthlyAllowance: 100,
	maxPointsPerKudos: 50,
	crossDepartmentBonus: 0
};

export async function settingsOf(db: Executor = useDb()) {
	const [row] = await db.select().from(kudosSettings).where(eq(kudosSettings.id, 1));
	return row ?? DEFAULT_SETTINGS;
}

/** The month an allowance belongs to, `YYYY-MM` in the workspace's time zone. */
export function allowanceMonth(at = new Date()): Promise<string> {
	return currentPeriodKey('month', at);
}

/**
 * The kudos page's first read: what is left of someone's allowance this month, and the
 * kudos room's position (see position.ts) read in the same statement.
 */
const allowanceRead = preparedPerDatabase((db) =>
	db
		.select({
			granted: kudosAllowance.granted,
			spent: kudosAllowance.spent,
			monthly: kudosSettings.monthlyAllowance,
			position: latestSeqSql(KUDOS_ROOM)
		})
		.from(kudosSettings)
		.leftJoin(
			kudosAllowance,
			and(
				eq(kudosAllowance.personId, sql.placeholder('personId')),
				eq(kudosAllowance.month, sql.placeholder('month'))
			)
		)
		.where(eq(kudosSettings.id, 1))
		.prepare('kudos_allowance')
);

/** What is left of someone's allowance this month, and the kudos room's latest seq. */
export async function allowanceAndPosition(personId: number, at = new Date()) {
	const month = await allowanceMonth(at);
	const [row] = await allowanceRead().execute({ personId, month });
	// The month's row if the person gave this month, else the admin's amount.
	const granted = row?.granted ?? row?.monthly ?? DEFAULT_SETTINGS.monthlyAllowance;
	const spent = row?.spent ?? 0;
	return {
		allowance: { month, granted, spent, remaining: granted - spent },
		position: row ? Number(row.position ?? 0) : await latestSeq(KUDOS_ROOM)
	};
}

/** What is left of someone's allowance this month. */
export async function allowanceOf(personId: number, at = new Date()) {
	return (await allowanceAndPosition(personId, at)).allowance;
}

/**
 * Takes `amount` from the giver's allowance with one conditional UPDATE: concurrent gifts
 * queue on the row and each sees what the last one left, so the month can never overspend.
 * `monthlyAllowance` (from the rules the caller read) starts the month's row.
 */
export async function spendAllowance(
	tx: Transaction,
	personId: number,
	amount: number,
	month: string,
	at: Date,
	monthlyAllowance: number
) {
	if (amount === 0) return;
	await tx
		.insert(kudosAllowance)
		.values({ personId, month, granted: monthlyAllowance })
		.onConflictDoNothing();
	const taken = await tx
		.update(kudosAllowance)
		.set({ spent: sql`${kudosAllowance.spent} + ${amount}`, updatedAt: at })
		.where(
			and(
				eq(kudosAllowance.personId, personId),
				eq(kudosAllowance.month, month),
				sql`${kudosAllowance.spent} + ${amount} <= ${kudosAllowance.granted}`
			)
		)
		.returning({ spent: kudosAllowance.spent });
	if (taken.length === 0) {
		const [row] = await tx
			.select()
			.from(kudosAllowance)
			.where(and(eq(kudosAllowance.personId, personId), eq(kudosAllowance.month, month)));
		throw new ServiceError(
			`You have ${row.granted - row.spent} points left to give this month; this needs ${amount}.`,
			'points'
		);
	}
}
