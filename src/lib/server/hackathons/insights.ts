// What insights read of hackathons for one period: who took part in a team of a hackathon
// whose hacking started in it.
import { and, eq, gte, lt } from 'drizzle-orm';
import { useDb, type Executor } from '../db/client';
import { hackathon, hackathonMember } from './schema';

/** The people in a team of a hackathon whose hacking started in [from, to), once each. */
export async function hackathonParticipantsBetween(from: Date, to: Date, db: Executor = useDb()) {
	const rows = await db
		.selectDistinct({ personId: hackathonMember.personId })
		.from(hackathonMember)
		.innerJoin(hackathon, eq(hackathon.id, hackathonMember.hackathonId))
		.where(and(gte(hackathon.hackingStartsAt, from), lt(hackathon.hackingStartsAt, to)));
	return rows.map((row) => row.personId);
}
