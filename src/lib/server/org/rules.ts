// Who may change the organisation: admins only, read fresh in the writing transaction.
import { eq } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { ServiceError } from '../errors';
import { person } from './schema';

/**
 * Refuses unless `actorId` is an active admin, read fresh inside the caller's transaction
 * so a role change or deactivation applies at once. `doing` ends "Only admins can …".
 */
export async function requireActiveAdmin(
	tx: Executor,
	actorId: number,
	doing: string
): Promise<void> {
	const [actor] = await tx
		.select({ role: person.role, active: person.active })
		.from(person)
		.where(eq(person.id, actorId));
	if (!actor?.active || actor.role !== 'admin') throw new ServiceError(`Only admins can ${doing}.`);
}

/** A team's name as stored: trimmed, present, short, printable. */
export function cleanTeamName(name: string): string {
	const clean = name.trim();
	if (!clean) throw new ServiceError('Give the team a name.', 'name');
	if (clean.length > 60) throw new ServiceError('Keep the name under 60 characters.', 'name');
	if (clean.includes('\0'))
		throw new ServiceError('The name holds a character that cannot be stored.', 'name');
	return clean;
}
