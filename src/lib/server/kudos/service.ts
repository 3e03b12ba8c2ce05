// The kudos wall: giving kudos tied to a company value, with points from a monthly
// allowance; reactions and +1s; admins hiding a kudos. Every write is one transaction
// with its ledger rows and its events (room `kudos`, and each person's `user:<id>`).
import { and, eq, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import { kudosSchema, type Emoji } from '$lib/kudos/schemas';
import { useDb, type Executor, type Transaction } from '../db/client';
import { companyValue, kudos, kudosPlusOne, kudosRecipient } from './schema';
import { department, person, team, peopleWithPlace } from '../org';
import { parseOrRefuse, ServiceError } from '../errors';
import { awardPointsIn, reverseAwardsFor, writeLedger } from '../ledger';
import { notify } from '../notifications';
import { redactEvents, type RecordEvent } from '../realtime';
import { checkedKind, toggleReactionIn } from '../reactions';
import { KUDOS_ROOM, type KudosCardPayload } from './events';
import { recipientsOf, type Recipient } from './recipients';
import { allowanceMonth, settingsOf, spendAllowance } from './allowance';
import { requireActiveAdmin } from '../org';

export type NewKudos = z.output<typeof kudosSchema>;
/** Ledger sources of kudos points; all count on the `kudos` leaderboard scope. */
const KUDOS_POINTS = {
	given: 'kudos',
	bonus: 'kudos.bonus',
	plusOne: 'kudos.plusone'
} as const;

/**
 * Gives kudos: checks the rules, takes the points from the giver's allowance, awards each
 * recipient (plus the company's cross-department bonus when set), and announces it. A
 * resubmit of the same form answers the kudos already given.
 */
export async function giveKudos(
	giverId: number,
	input: NewKudos,
	options: { at?: Date } = {}
): Promise<{ kudosId: number; created: boolean }> {
	const at = options.at ?? new Date();
	const form = parseOrRefuse(kudosSchema, input);
	// Read before the transaction: an embedded database has one connection, held by it.
	const month = await allowanceMonth(at);
	try {
		return await giveIn(giverId, form, month, at);
	} catch (err) {
		if (!(err instanceof RepeatedForm)) throw err;
		const existing = await kudosByKey(useDb(), giverId, form.clientKey);
		return { kudosId: existing!.id, created: false };
	}
}

/** The kudos a giver's form made, if it was sent before: one form gives once. */
async function kudosByKey(db: Executor, giverId: number, clientKey: string) {
	const [row] = await db
		.select({ id: kudos.id })
		.from(kudos)
		.where(and(eq(kudos.giverId, giverId), eq(kudos.clientKey, clientKey)));
	return row;
}

/** A concurrent post of the same form won: roll this one back. */
class RepeatedForm extends Error {}

function giveIn(giverId: number, input: NewKudos, month: string, at: Date) {
	return writeLedger(async (tx, record) => {
		const existing = await kudosByKey(tx, giverId, input.clientKey);
		if (existing) return { kudosId: existing.id, created: false };
		const [value] = await tx.select().from(companyValue).where(eq(companyValue.id, input.valueId));
		if (!value?.active) throw new ServiceError('Choose one of the company values.', 'valueId');
		const settings = await settingsOf(tx);
		if (input.points > settings.maxPointsPerKudos) {
			throw new ServiceError(`At most ${settings.maxPointsPerKudos} points per kudos.`, 'points');
		}
		const recipients = await recipientsOf(tx, giverId, input);
		await spendAllowance(
			tx,
			giverId,
			input.points * recipients.length,
			month,
			at,
			settings.monthlyAllowance
		);
		const [giver] = await peopleWithPlace(tx).where(eq(person.id, giverId));
		// Across only between two known departments: someone without a team crosses nothing.
		const crosses = (r: Recipient) =>
			giver.departmentId !== null &&
			r.departmentId !== null &&
			r.departmentId !== giver.departmentId;
		const [created] = await tx
			.insert(kudos)
			.values({
				giverId,
				giverDepartmentId: giver.departmentId,
				giverTeamId: giver.teamId,
				teamId: input.teamId || null,
				clientKey: input.clientKey,
				message: input.message,
				valueId: value.id,
				points: input.points,
				crossDepartment: recipients.some(crosses),
				createdAt: at
			})
			.onConflictDoNothing()
			.returning();
		// The same form posted twice at once: the other post gave it. Throwing rolls back
		// the allowance this one took; the caller answers with the kudos already given.
		if (!created) throw new RepeatedForm();
		await tx.insert(kudosRecipient).values(
			recipients.map((r) => ({
				kudosId: created.id,
				personId: r.id,
				departmentId: r.departmentId,
				teamId: r.teamId,
				crossDepartment: crosses(r)
			}))
		);
		await payRecipients(tx, record, created, recipients, crosses, settings.crossDepartmentBonus);
		const card = await cardOf(tx, created, giver.name, value.name, recipients);
		await record(KUDOS_ROOM, 'kudos.given', { kudosId: created.id, card }, giverId);
		const points = input.points > 0 ? ` (+${input.points} points)` : '';
		await notify(
			tx,
			record,
			recipients.map((r) => r.id),
			{
				kind: 'kudos.received',
				text: `${giver.name} gave you kudos for ${value.name}${points}.`,
				href: `/kudos#kudos-${created.id}`
			},
			giverId
		);
		return { kudosId: created.id, created: true };
	});
}

/**
 * The new kudos as a wall card, sent in its event: every open wall shows it from the
 * event itself instead of each asking the server (nobody has reacted to it yet).
 */
async function cardOf(
	tx: Transaction,
	given: typeof kudos.$inferSelect,
	giverName: string,
	valueName: string,
	recipients: Recipient[]
): Promise<KudosCardPayload> {
	const [giverDepartment] = given.giverDepartmentId
		? await tx
				.select({ name: department.name })
				.from(department)
				.where(eq(department.id, given.giverDepartmentId))
		: [];
	const [givenTeam] = given.teamId
		? await tx.select({ name: team.name }).from(team).where(eq(team.id, given.teamId))
		: [];
	return {
		id: given.id,
		message: given.message,
		points: given.points,
		crossDepartment: given.crossDepartment,
		createdAt: given.createdAt.toISOString(),
		hiddenAt: null,
		hiddenReason: null,
		giverId: given.giverId,
		giverName,
		giverDepartment: giverDepartment?.name ?? null,
		valueId: given.valueId,
		valueName,
		teamName: givenTeam?.name ?? null,
		recipients: recipients.map(({ id, name, departmentId, teamId }) => ({
			id,
			name,
			departmentId,
			teamId
		})),
		reactions: [],
		plusOnes: []
	};
}

async function payRecipients(
	tx: Transaction,
	record: RecordEvent,
	given: typeof kudos.$inferSelect,
	recipients: Recipient[],
	crosses: (r: Recipient) => boolean,
	bonus: number
) {
	const base = {
		sourceId: given.id,
		scopes: [KUDOS_ROOM],
		actorId: given.giverId,
		at: given.createdAt
	};
	for (const r of recipients) {
		if (given.points > 0) {
			await awardPointsIn(tx, record, {
				...base,
				personId: r.id,
				amount: given.points,
				sourceKind: KUDOS_POINTS.given,
				reason: 'Kudos'
			});
		}
		// Only with points of the giver's own: a free kudos must not mint company points.
		if (bonus > 0 && given.points > 0 && crosses(r)) {
			await awardPointsIn(tx, record, {
				...base,
				personId: r.id,
				amount: bonus,
				sourceKind: KUDOS_POINTS.bonus,
				reason: 'Company bonus for kudos across departments'
			});
		}
	}
}

/**
 * The kudos, if still on the wall, with a share lock: a +1 or reaction and an admin
 * hiding it happen one after the other, so a +1's points are never left unreversed.
 */
async function visibleKudos(tx: Transaction, kudosId: number, lock: 'share' | 'update' = 'share') {
	const [row] = await tx.select().from(kudos).where(eq(kudos.id, kudosId)).for(lock);
	if (!row || row.hiddenAt) throw new ServiceError('That kudos is not on the wall.');
	return row;
}

async function recipientIdsOf(tx: Executor, kudosId: number): Promise<number[]> {
	const rows = await tx
		.select({ personId: kudosRecipient.personId })
		.from(kudosRecipient)
		.where(eq(kudosRecipient.kudosId, kudosId));
	return rows.map((r) => r.personId);
}

/** Adds or takes back a reaction on a kudos still on the wall; answers whether it is now on. */
export async function toggleReaction(personId: number, kudosId: number, emoji: Emoji) {
	checkedKind(emoji);
	return writeLedger(async (tx, record) => {
		await visibleKudos(tx, kudosId);
		return toggleReactionIn(tx, record, personId, { kind: 'kudos', id: kudosId }, emoji, {
			announce: (recordIn, counts) =>
				recordIn(KUDOS_ROOM, 'kudos.reacted', { kudosId, ...counts }, null)
		});
	});
}

/**
 * "+1": someone else joins a kudos, optionally with points from their own allowance for
 * each recipient. Once per person; not for the giver or the recipients.
 */
export async function plusOne(personId: number, kudosId: number, points: number) {
	const at = new Date();
	const month = await allowanceMonth(at);
	return writeLedger(async (tx, record) => {
		const target = await visibleKudos(tx, kudosId);
		const recipients = await recipientIdsOf(tx, kudosId);
		if (target.giverId === personId || recipients.includes(personId)) {
			throw new ServiceError('This kudos is already yours.');
		}
		const settings = await settingsOf(tx);
		if (!Number.isSafeInteger(points) || points < 0 || points > settings.maxPointsPerKudos) {
			throw new ServiceError(`Add from 0 to ${settings.maxPointsPerKudos} points.`, 'points');
		}
		const [added] = await tx
			.insert(kudosPlusOne)
			.values({ kudosId, personId, points })
			.onConflictDoNothing()
			.returning();
		if (!added) throw new ServiceError('You already gave this kudos a +1.');
		await spendAllowance(
			tx,
			personId,
			points * recipients.length,
			month,
			at,
			settings.monthlyAllowance
		);
		for (const recipientId of points > 0 ? recipients : []) {
			await awardPointsIn(tx, record, {
				personId: recipientId,
				amount: points,
				sourceKind: KUDOS_POINTS.plusOne,
				sourceId: added.id,
				reason: '+1 on a kudos',
				scopes: [KUDOS_ROOM],
				actorId: personId
			});
		}
		await record(KUDOS_ROOM, 'kudos.plus_one', { kudosId }, personId);
		const [who] = await tx
			.select({ name: person.name })
			.from(person)
			.where(eq(person.id, personId));
		const extra = points > 0 ? ` (+${points} points)` : '';
		await notify(
			tx,
			record,
			recipients,
			{
				kind: 'kudos.plus_one',
				text: `${who.name} added +1 to your kudos${extra}.`,
				href: `/kudos#kudos-${kudosId}`
			},
			personId
		);
		return added.id;
	});
}

/**
 * Admins hide a kudos with a reason: it leaves the wall and its points (the gift, the
 * bonus, the +1s) are reversed with compensating rows. A reversal mirrors its award
 * whole, so an award its recipient has already spent, even in part, stays; the answer
 * says how many points stayed.
 */
export async function hideKudos(adminId: number, kudosId: number, reason: string) {
	const why = reason.trim().slice(0, 300);
	if (!why) throw new ServiceError('Say why it is hidden.', 'reason');
	return writeLedger(async (tx, record) => {
		await requireActiveAdmin(tx, adminId, 'hide kudos');
		const target = await visibleKudos(tx, kudosId, 'update');
		// Conditional, so two admins hiding at once hide it once.
		const hid = await tx
			.update(kudos)
			.set({ hiddenAt: new Date(), hiddenById: adminId, hiddenReason: why })
			.where(and(eq(kudos.id, kudosId), isNull(kudos.hiddenAt)))
			.returning({ id: kudos.id });
		if (hid.length === 0) throw new ServiceError('That kudos is not on the wall.');
		const kept = await reverseKudosPoints(tx, record, adminId, kudosId, why);
		// The wall no longer shows it, so neither may the log a member catches up from.
		await redactEvents(tx, KUDOS_ROOM, { kudosId });
		await record(KUDOS_ROOM, 'kudos.hidden', { kudosId }, adminId);
		const told = [target.giverId, ...(await recipientIdsOf(tx, kudosId))];
		await notify(
			tx,
			record,
			told,
			{ kind: 'kudos.hidden', text: `A kudos was hidden by an admin: ${why}`, href: '/kudos' },
			adminId
		);
		return { unreversedPoints: kept };
	});
}

async function reverseKudosPoints(
	tx: Transaction,
	record: RecordEvent,
	adminId: number,
	kudosId: number,
	why: string
): Promise<number> {
	const plusOnes = await tx
		.select({ id: kudosPlusOne.id })
		.from(kudosPlusOne)
		.where(eq(kudosPlusOne.kudosId, kudosId));
	const sources = [
		{ kind: KUDOS_POINTS.given, ids: [kudosId] },
		{ kind: KUDOS_POINTS.bonus, ids: [kudosId] },
		{ kind: KUDOS_POINTS.plusOne, ids: plusOnes.map((p) => p.id) }
	];
	const { keptPoints } = await reverseAwardsFor(tx, record, sources, {
		reason: `Kudos hidden: ${why}`,
		actorId: adminId,
		whenSpent: 'keep'
	});
	return keptPoints;
}
