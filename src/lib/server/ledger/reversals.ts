// Taking points back: a reversal mirrors its entry whole with a compensating row, off the
// balance and off the same leaderboard rows; reverseAwardsFor does it for every award of
// a source (undoing a triage decision, hiding a kudos).
import { and, asc, eq, inArray, or } from 'drizzle-orm';
import type { Transaction } from '../db/client';
import { ServiceError } from '../errors';
import { userRoom, type RecordEvent } from '../realtime';
import { periodKeys } from './periods';
import { balance, ledgerEntry } from './schema';
import { changeBalance, REVERSAL_SOURCE, writeLedger } from './service';
import { addSharedTotals, addToLeaderboards, boardRows, isPersonal } from './totals';

/**
 * Cancels an award or a spend with a compensating row, once (a repeat answers
 * reversed=false). An award's points come off the balance and off the same leaderboard
 * rows it was added to. If they were already spent the reversal is refused: the balance
 * may never go below zero and must always equal the ledger's sum.
 */
export async function reverseEntry(
	input: ReverseInput
): Promise<{ entryId: number; reversed: boolean }> {
	return writeLedger((tx, record) => reverseEntryIn(tx, record, input));
}

export interface ReverseInput {
	entryId: number;
	reason: string;
	actorId?: number | null;
}

/** `reverseEntry` inside the caller's transaction (undoing a triage decision). */
export async function reverseEntryIn(
	tx: Transaction,
	record: RecordEvent,
	input: ReverseInput
): Promise<{ entryId: number; reversed: boolean }> {
	const reason = input.reason.trim();
	if (!reason) throw new ServiceError('Say why the points are being reversed.', 'reason');
	const actorId = input.actorId ?? null;
	const at = new Date();
	const [original] = await tx.select().from(ledgerEntry).where(eq(ledgerEntry.id, input.entryId));
	if (!original) throw new ServiceError('There is no such ledger entry.');
	if (original.kind === 'reversal') {
		throw new ServiceError('A reversal cannot be reversed; award or spend again instead.');
	}
	const { personId } = original;
	const [entry] = await tx
		.insert(ledgerEntry)
		.values({
			personId,
			kind: 'reversal',
			amount: -original.amount,
			sourceKind: REVERSAL_SOURCE,
			sourceId: String(original.id),
			reason,
			teamId: original.teamId,
			departmentId: original.departmentId,
			scopes: original.scopes,
			reversesId: original.id,
			timeZone: original.timeZone,
			createdAt: at
		})
		.onConflictDoNothing()
		.returning({ id: ledgerEntry.id });
	if (!entry) {
		const [done] = await tx
			.select({ id: ledgerEntry.id })
			.from(ledgerEntry)
			.where(eq(ledgerEntry.reversesId, original.id));
		return { entryId: done.id, reversed: false };
	}
	const points = await changeBalance(tx, personId, -original.amount, at);
	if (points === null) {
		throw new ServiceError(
			'These points were already spent, so they cannot be reversed: the balance would go below zero.'
		);
	}
	if (original.kind !== 'award') {
		await record(userRoom(personId), 'balance', { points }, actorId);
	} else {
		// The same rows the award counted on: its periods (in its zone), scopes and team.
		const place = { personId, teamId: original.teamId, departmentId: original.departmentId };
		const keys = periodKeys(original.createdAt, original.timeZone);
		const rows = boardRows(place, original.scopes, keys);
		await addToLeaderboards(tx, rows.filter(isPersonal), -original.amount, at);
		await record(userRoom(personId), 'balance', { points }, actorId);
		const change = { personId, scopes: original.scopes, actorId };
		await addSharedTotals(tx, record, rows, -original.amount, at, change);
	}
	return { entryId: entry.id, reversed: true };
}

/** Where points came from: a source kind and the ids of that kind (`kudos`, ['12']). */
export interface LedgerSources {
	kind: string;
	ids: (string | number)[];
}

/**
 * Reverses every award tied to `sources`, oldest first, inside the caller's transaction
 * (undoing a triage decision, hiding a kudos). An award whose points were already spent
 * is refused (`whenSpent: 'refuse'`, the default: nothing is reversed) or left whole
 * (`'keep'`): the answer says how many points stayed.
 */
export async function reverseAwardsFor(
	tx: Transaction,
	record: RecordEvent,
	sources: LedgerSources[],
	options: { reason: string; actorId: number | null; whenSpent?: 'refuse' | 'keep' }
): Promise<{ reversed: number; keptPoints: number }> {
	const wanted = sources.filter((s) => s.ids.length > 0);
	if (wanted.length === 0) return { reversed: 0, keptPoints: 0 };
	const awards = await tx
		.select({ id: ledgerEntry.id, personId: ledgerEntry.personId, amount: ledgerEntry.amount })
		.from(ledgerEntry)
		.where(
			and(
				eq(ledgerEntry.kind, 'award'),
				or(
					...wanted.map((s) =>
						and(
							eq(ledgerEntry.sourceKind, s.kind),
							inArray(ledgerEntry.sourceId, s.ids.map(String))
						)
					)
				)
			)
		)
		.orderBy(asc(ledgerEntry.id));
	let reversed = 0;
	let keptPoints = 0;
	for (const award of awards) {
		if (
			options.whenSpent === 'keep' &&
			(await balanceForUpdate(tx, award.personId)) < award.amount
		) {
			keptPoints += award.amount;
			continue;
		}
		const done = await reverseEntryIn(tx, record, {
			entryId: award.id,
			reason: options.reason,
			actorId: options.actorId
		});
		if (done.reversed) reversed += 1;
	}
	return { reversed, keptPoints };
}

/** The person's balance, locked until the commit so a reversal decision stays true. */
async function balanceForUpdate(tx: Transaction, personId: number): Promise<number> {
	const [held] = await tx
		.select({ points: balance.points })
		.from(balance)
		.where(eq(balance.personId, personId))
		.for('update');
	return held?.points ?? 0;
}
