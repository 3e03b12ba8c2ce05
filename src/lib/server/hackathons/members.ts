// Team members with their department: what the cross-functional checklist is made of.
import { asc, eq, inArray } from 'drizzle-orm';
import type { DepartmentKind } from '$lib/hackathons/schemas';
import type { Executor } from '../db/client';
import { peopleWithPlace, person } from '../org';
import { hackathonMember } from './schema';

export interface MemberWithPlace {
	teamId: number;
	personId: number;
	name: string;
	departmentId: number | null;
	departmentName: string | null;
	departmentKind: DepartmentKind | null;
	joinedAt: Date;
}

/** Everyone in a team of the hackathon (or of one team), in joining order. */
export async function membersWithPlace(
	db: Executor,
	hackathonId: number,
	teamId?: number
): Promise<MemberWithPlace[]> {
	const rows = await db
		.select()
		.from(hackathonMember)
		.where(
			teamId === undefined
				? eq(hackathonMember.hackathonId, hackathonId)
				: eq(hackathonMember.teamId, teamId)
		)
		.orderBy(asc(hackathonMember.joinedAt), asc(hackathonMember.personId));
	if (rows.length === 0) return [];
	const places = await peopleWithPlace(db).where(
		inArray(
			person.id,
			rows.map((r) => r.personId)
		)
	);
	const byId = new Map(places.map((p) => [p.id, p]));
	return rows.map((r) => {
		const place = byId.get(r.personId);
		return {
			teamId: r.teamId,
			personId: r.personId,
			name: place?.name ?? 'Someone',
			departmentId: place?.departmentId ?? null,
			departmentName: place?.departmentName ?? null,
			departmentKind: (place?.departmentKind as DepartmentKind | null) ?? null,
			joinedAt: r.joinedAt
		};
	});
}
