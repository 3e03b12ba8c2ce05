// What insights read of kudos for one period: who gave and who received, with the team
// and department each sat in when the kudos was given (hidden kudos are left out).
import { and, count, eq, gte, isNull, lt } from 'drizzle-orm';
import { useDb, type Executor } from '../db/client';
import { kudos, kudosRecipient } from './schema';

/** Kudos given in [from, to), counted per giver and per (giver department, recipient). */
export async function kudosFlowsBetween(from: Date, to: Date, db: Executor = useDb()) {
	const visibleIn = and(
		isNull(kudos.hiddenAt),
		gte(kudos.createdAt, from),
		lt(kudos.createdAt, to)
	);
	const given = await db
		.select({
			personId: kudos.giverId,
			teamId: kudos.giverTeamId,
			departmentId: kudos.giverDepartmentId,
			crossDepartment: kudos.crossDepartment,
			count: count()
		})
		.from(kudos)
		.where(visibleIn)
		.groupBy(kudos.giverId, kudos.giverTeamId, kudos.giverDepartmentId, kudos.crossDepartment);
	const received = await db
		.select({
			personId: kudosRecipient.personId,
			teamId: kudosRecipient.teamId,
			departmentId: kudosRecipient.departmentId,
			fromDepartmentId: kudos.giverDepartmentId,
			count: count()
		})
		.from(kudosRecipient)
		.innerJoin(kudos, eq(kudos.id, kudosRecipient.kudosId))
		.where(visibleIn)
		.groupBy(
			kudosRecipient.personId,
			kudosRecipient.teamId,
			kudosRecipient.departmentId,
			kudos.giverDepartmentId
		);
	return { given, received };
}
