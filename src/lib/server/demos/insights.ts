// What insights read of demos for one period: who presented or attended live a demo that
// was scheduled to start in it.
import { and, eq, gte, lt } from 'drizzle-orm';
import { useDb, type Executor } from '../db/client';
import { demo, demoAttendance, demoPresenter } from './schema';

/** The presenters and live attendees of demos starting in [from, to), once each. */
export async function demoParticipantsBetween(from: Date, to: Date, db: Executor = useDb()) {
	const inPeriod = and(gte(demo.startsAt, from), lt(demo.startsAt, to));
	const presenters = await db
		.selectDistinct({ personId: demoPresenter.personId })
		.from(demoPresenter)
		.innerJoin(demo, eq(demo.id, demoPresenter.demoId))
		.where(inPeriod);
	const attendees = await db
		.selectDistinct({ personId: demoAttendance.personId })
		.from(demoAttendance)
		.innerJoin(demo, eq(demo.id, demoAttendance.demoId))
		.where(inPeriod);
	return [...new Set([...presenters, ...attendees].map((row) => row.personId))];
}
