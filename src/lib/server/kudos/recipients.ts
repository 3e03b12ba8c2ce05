// Who a kudos goes to: people picked from the directory, typed by name or email, or a
// whole team; never the giver, never someone who left.
import { desc, eq, inArray, or, sql } from 'drizzle-orm';
import { MAX_RECIPIENTS, typedNames } from '$lib/kudos/schemas';
import type { Executor } from '../db/client';
import { ServiceError } from '../errors';
import { peopleWithPlace, person } from '../org';
import type { NewKudos } from './service';

export interface Recipient {
	id: number;
	name: string;
	teamId: number | null;
	departmentId: number | null;
}

/**
 * The person a typed name or email means: an email, else the one active person with that
 * name, else the one active person whose name contains it. Several or none is refused with
 * what to type instead.
 */
async function personNamed(tx: Executor, typed: string): Promise<number> {
	const wanted = typed.toLowerCase();
	const candidates = await tx
		.select({ id: person.id, name: person.name, email: person.email, active: person.active })
		.from(person)
		.where(
			or(
				sql`lower(${person.email}) = ${wanted}`,
				sql`position(${wanted} in lower(${person.name})) > 0`
			)
		)
		// An email or an exact name first, so a long list of partial matches never hides it.
		.orderBy(
			desc(sql`lower(${person.email}) = ${wanted}`),
			desc(sql`lower(${person.name}) = ${wanted}`),
			person.name
		)
		.limit(200);
	const byEmail = candidates.find((p) => p.email.toLowerCase() === wanted);
	if (byEmail) return byEmail.id;
	const exact = candidates.filter((p) => p.name.toLowerCase() === wanted);
	const active = candidates.filter((p) => p.active);
	const matches = [
		exact.filter((p) => p.active),
		// Someone who left, named exactly: refused below with the reason.
		exact,
		active
	].find((group) => group.length > 0);
	if (!matches) throw new ServiceError(`No one here is called “${typed}”.`, 'recipientIds');
	if (matches.length > 1) {
		const some = matches.slice(0, 3).map((p) => p.name);
		const more = matches.length > 3 ? ` and ${matches.length - 3} more` : '';
		throw new ServiceError(
			`“${typed}” could be ${some.join(', ')}${more}: type the full name or their email.`,
			'recipientIds'
		);
	}
	return matches[0].id;
}

/** The ids picked from the list and the people typed by name, once each. */
async function chosenIds(tx: Executor, input: NewKudos): Promise<number[]> {
	const named = typedNames(input.recipientNames);
	if (input.recipientIds.length + named.length > MAX_RECIPIENTS) {
		throw new ServiceError(`At most ${MAX_RECIPIENTS} people at once.`, 'recipientIds');
	}
	const ids = [...input.recipientIds];
	for (const typed of named) ids.push(await personNamed(tx, typed));
	return [...new Set(ids)];
}

/** The people a kudos goes to: those chosen plus a team's active members, never the giver. */
export async function recipientsOf(
	tx: Executor,
	giverId: number,
	input: NewKudos
): Promise<Recipient[]> {
	const ids = await chosenIds(tx, input);
	if (ids.includes(giverId)) {
		throw new ServiceError(
			'Kudos are for others: take yourself out of the recipients.',
			'recipientIds'
		);
	}
	const chosen = ids.length ? await peopleWithPlace(tx).where(inArray(person.id, ids)) : [];
	if (chosen.length !== ids.length) {
		throw new ServiceError('Choose people from the directory.', 'recipientIds');
	}
	const inactive = chosen.find((p) => !p.active);
	if (inactive) {
		throw new ServiceError(`${inactive.name} has left: choose someone active.`, 'recipientIds');
	}
	const members =
		input.teamId === 0
			? []
			: (await peopleWithPlace(tx).where(eq(person.teamId, input.teamId))).filter(
					(p) => p.active && p.id !== giverId
				);
	if (input.teamId > 0 && members.length === 0) {
		throw new ServiceError('That team has nobody else in it to recognise.', 'teamId');
	}
	const all = new Map([...chosen, ...members].map((p) => [p.id, p]));
	return [...all.values()];
}
