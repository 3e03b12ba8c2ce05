import { and, desc, eq, inArray } from 'drizzle-orm';
import { useDb } from '../db/client';
import { ledgerEntry } from './schema';
import { person } from '../org';
import { ServiceError } from '../errors';
import { reverseEntry } from './reversals';
import { awardPoints } from './service';

/** Admins' own awards: recognition that no module counts yet (a great save, a hero week). */
export const RECOGNITION = 'recognition';

export async function grantRecognition(input: {
	grantId: string;
	personId: number;
	points: number;
	reason: string;
	actorId: number;
}): Promise<{ granted: boolean }> {
	const [target] = await useDb()
		.select({ active: person.active })
		.from(person)
		.where(eq(person.id, input.personId));
	if (!target?.active) throw new ServiceError('Choose an active person.', 'personId');
	const { granted } = await awardPoints({
		personId: input.personId,
		amount: input.points,
		sourceKind: RECOGNITION,
		sourceId: input.grantId,
		reason: input.reason,
		actorId: input.actorId
	});
	return { granted };
}

/** The latest recognition grants with whether each has been reversed. */
export async function recentRecognition(limit = 20) {
	const grants = await useDb()
		.select({
			id: ledgerEntry.id,
			personId: ledgerEntry.personId,
			name: person.name,
			points: ledgerEntry.amount,
			reason: ledgerEntry.reason,
			createdAt: ledgerEntry.createdAt
		})
		.from(ledgerEntry)
		.innerJoin(person, eq(person.id, ledgerEntry.personId))
		.where(and(eq(ledgerEntry.kind, 'award'), eq(ledgerEntry.sourceKind, RECOGNITION)))
		.orderBy(desc(ledgerEntry.id))
		.limit(limit);
	const ids = grants.map((g) => g.id);
	const reversals = ids.length
		? await useDb()
				.select({ reversesId: ledgerEntry.reversesId })
				.from(ledgerEntry)
				.where(inArray(ledgerEntry.reversesId, ids))
		: [];
	const reversed = new Set(reversals.map((r) => r.reversesId));
	return grants.map((g) => ({ ...g, reversed: reversed.has(g.id) }));
}

export async function reverseRecognition(entryId: number, actorId: number): Promise<void> {
	const [entry] = await useDb()
		.select({ sourceKind: ledgerEntry.sourceKind })
		.from(ledgerEntry)
		.where(eq(ledgerEntry.id, entryId));
	if (entry?.sourceKind !== RECOGNITION) throw new ServiceError('That is not a recognition grant.');
	await reverseEntry({ entryId, reason: 'Reversed by an admin', actorId });
}
