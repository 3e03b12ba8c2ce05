// Other modules keep things about a team that must not vanish with it (a RACI column whose
// letters an activity's rules depend on). They register a guard here, through the module
// registry; deleting a team asks every guard inside its transaction, with the team locked,
// and the first sentence one returns refuses the deletion, changing nothing.
import type { Transaction } from '../db/client';

/** A sentence saying why the team cannot go, or null when this module does not mind. */
export type TeamDeletionGuard = (
	tx: Transaction,
	team: { id: number; name: string }
) => Promise<string | null>;

const KEY = Symbol.for('tandem.teamDeletionGuards');
const store = globalThis as unknown as Record<symbol, Map<string, TeamDeletionGuard> | undefined>;

function guards(): Map<string, TeamDeletionGuard> {
	return (store[KEY] ??= new Map());
}

/** Asks `guard` before any team is deleted (registering the same name again replaces it). */
export function guardTeamDeletion(name: string, guard: TeamDeletionGuard): void {
	guards().set(name, guard);
}

/** The first refusal any guard gives, or null. */
export async function teamDeletionRefusal(
	tx: Transaction,
	team: { id: number; name: string }
): Promise<string | null> {
	for (const guard of guards().values()) {
		const refusal = await guard(tx, team);
		if (refusal) return refusal;
	}
	return null;
}
