// Calendar subscriptions without a session: a calendar app fetches the series feed with
// a secret token in the address, one per person. Only its SHA-256 is stored; making a
// new one revokes the old, and revoking removes it. A deactivated person's token stops.
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { and, eq } from 'drizzle-orm';
import { useDb } from '../db/client';
import { person } from '../org';
import { demoFeedToken } from './schema';

function hashOf(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/** A new feed token for `personId` (the previous one stops working); shown once. */
export async function renewFeedToken(personId: number): Promise<string> {
	const token = encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)));
	await useDb()
		.insert(demoFeedToken)
		.values({ personId, tokenHash: hashOf(token) })
		.onConflictDoUpdate({
			target: demoFeedToken.personId,
			set: { tokenHash: hashOf(token), createdAt: new Date() }
		});
	return token;
}

/** Stops `personId`'s feed address from working. */
export async function revokeFeedToken(personId: number): Promise<void> {
	await useDb().delete(demoFeedToken).where(eq(demoFeedToken.personId, personId));
}

/** When `personId` made their current feed token, null when they have none. */
export async function feedTokenMadeAt(personId: number): Promise<Date | null> {
	const [row] = await useDb()
		.select({ createdAt: demoFeedToken.createdAt })
		.from(demoFeedToken)
		.where(eq(demoFeedToken.personId, personId));
	return row?.createdAt ?? null;
}

/** The active person a feed token belongs to, null for an unknown or revoked one. */
export async function personByFeedToken(token: string): Promise<number | null> {
	if (!/^[a-z2-7]{20,64}$/.test(token)) return null;
	const [row] = await useDb()
		.select({ personId: demoFeedToken.personId })
		.from(demoFeedToken)
		.innerJoin(person, eq(person.id, demoFeedToken.personId))
		.where(and(eq(demoFeedToken.tokenHash, hashOf(token)), eq(person.active, true)));
	return row?.personId ?? null;
}
