// Who gives kudos to whom in the fault suite, read from the seeded demo workspace, and
// what the database holds afterwards.
import type postgres from 'postgres';
import type { KudosFixture, Outcome } from './traffic';

export const ADMIN = { email: 'alex.admin@demo.tandem.test', password: 'tandem-demo-2026' };

/** Someone other than the admin to thank, and an active company value. */
export async function kudosFixture(sql: postgres.Sql): Promise<KudosFixture> {
	const [recipient] = await sql<{ id: number }[]>`
		select id from person where email <> ${ADMIN.email} and active order by id limit 1`;
	const [value] = await sql<{ id: number }[]>`
		select id from company_value where active order by id limit 1`;
	return { recipientId: recipient.id, valueId: value.id };
}

/** How many times each fault-suite kudos message is stored. */
export async function storedKudos(sql: postgres.Sql): Promise<Map<string, number>> {
	const rows = await sql<{ message: string; copies: number }[]>`
		select message, count(*)::int as copies from kudos
		where message like 'fault-suite%' group by message`;
	return new Map(rows.map((r) => [r.message, r.copies]));
}

/** Every kudos the person was told was given is stored exactly once; none is stored twice. */
export function checkNothingLost(outcomes: Outcome[], stored: Map<string, number>) {
	const acknowledged = outcomes.filter((o) => o.acknowledged).map((o) => o.message!);
	return {
		acknowledged: acknowledged.length,
		missing: acknowledged.filter((m) => !stored.has(m)),
		duplicated: [...stored].filter(([, copies]) => copies !== 1).map(([m]) => m)
	};
}

/** The database's answer in words: the 503 page, static or rendered, says it. */
export const UNAVAILABLE_SENTENCE = /Tandem can(?:'|&#39;|&#x27;|’)t reach its database right now/;
