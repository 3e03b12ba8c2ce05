// @mentions: handles written in a comment resolved to people, on the server. A handle is
// someone's email name (`@maya.okafor` for maya.okafor@…), their name without spaces
// (`@MayaOkafor`), or their first name when only one active person has it (`@Maya`).
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { mentionsIn } from '$lib/richtext';
import type { Executor } from '../db/client';
import { person } from '../org';

/** Enough for a real conversation; more is treated as noise, not as a broadcast. */
const MAX_MENTIONS = 20;

/** The ids of the active people a text mentions; unknown or ambiguous handles name nobody. */
export async function mentionedPeople(tx: Executor, text: string): Promise<number[]> {
	const handles = mentionsIn(text).slice(0, MAX_MENTIONS);
	if (handles.length === 0) return [];
	const emailName = sql<string>`lower(split_part(${person.email}, '@', 1))`;
	const fullName = sql<string>`lower(replace(${person.name}, ' ', ''))`;
	const firstName = sql<string>`lower(split_part(${person.name}, ' ', 1))`;
	const candidates = await tx
		.select({ id: person.id, emailName, fullName, firstName })
		.from(person)
		.where(
			and(
				eq(person.active, true),
				or(inArray(emailName, handles), inArray(fullName, handles), inArray(firstName, handles))
			)
		);
	const found = new Set<number>();
	for (const handle of handles) {
		const exact = candidates.filter((c) => c.emailName === handle || c.fullName === handle);
		const byFirstName = candidates.filter((c) => c.firstName === handle);
		const chosen = exact.length > 0 ? exact : byFirstName.length === 1 ? byFirstName : [];
		for (const c of chosen) found.add(c.id);
	}
	return [...found];
}
