// Reads: the list of hackathons, one hackathon with its board (teams, ideas, people
// looking for a team), one team, and the organising grants.
import { and, asc, count, desc, eq, inArray } from 'drizzle-orm';
import { useDb } from '../db/client';
import { escalationsByIds } from '../escalations';
import { peopleWithPlace, person } from '../org';
import { membersWithPlace } from './members';
import {
	hackathon,
	hackathonChallenge,
	hackathonCriterion,
	hackathonFreeAgent,
	hackathonIdea,
	hackathonMember,
	hackathonOrganiser,
	hackathonOrganisingGrant,
	hackathonPrize,
	hackathonTeam,
	hackathonTeamInvite
} from './schema';
import { findHackathon } from './service';

/** Every hackathon with how many teams and people it has, soonest first. */
export async function listHackathons() {
	const db = useDb();
	const rows = await db
		.select()
		.from(hackathon)
		.orderBy(asc(hackathon.hackingStartsAt), asc(hackathon.id));
	const teams = await db
		.select({ hackathonId: hackathonTeam.hackathonId, n: count() })
		.from(hackathonTeam)
		.groupBy(hackathonTeam.hackathonId);
	const people = await db
		.select({ hackathonId: hackathonMember.hackathonId, n: count() })
		.from(hackathonMember)
		.groupBy(hackathonMember.hackathonId);
	const teamCount = new Map(teams.map((t) => [t.hackathonId, Number(t.n)]));
	const peopleCount = new Map(people.map((p) => [p.hackathonId, Number(p.n)]));
	return rows.map((row) => ({
		...row,
		teams: teamCount.get(row.id) ?? 0,
		people: peopleCount.get(row.id) ?? 0
	}));
}

/** One hackathon with its challenges, prizes, criteria and organisers. */
export async function hackathonDetail(hackathonId: number) {
	const db = useDb();
	const row = await findHackathon(hackathonId, db);
	const [challenges, prizes, criteria, organisers] = await Promise.all([
		db
			.select()
			.from(hackathonChallenge)
			.where(eq(hackathonChallenge.hackathonId, hackathonId))
			.orderBy(asc(hackathonChallenge.position)),
		db
			.select({
				id: hackathonPrize.id,
				title: hackathonPrize.title,
				description: hackathonPrize.description,
				points: hackathonPrize.points,
				category: hackathonChallenge.title
			})
			.from(hackathonPrize)
			.leftJoin(hackathonChallenge, eq(hackathonChallenge.id, hackathonPrize.challengeId))
			.where(eq(hackathonPrize.hackathonId, hackathonId))
			.orderBy(asc(hackathonPrize.position)),
		db
			.select({ name: hackathonCriterion.name, weight: hackathonCriterion.weight })
			.from(hackathonCriterion)
			.where(eq(hackathonCriterion.hackathonId, hackathonId))
			.orderBy(asc(hackathonCriterion.position)),
		db
			.select({ id: person.id, name: person.name })
			.from(hackathonOrganiser)
			.innerJoin(person, eq(person.id, hackathonOrganiser.personId))
			.where(eq(hackathonOrganiser.hackathonId, hackathonId))
			.orderBy(asc(hackathonOrganiser.addedAt))
	]);
	return { ...row, challenges, prizes, criteria, organisers };
}

/** The teams of a hackathon with their members (and departments), biggest first. */
export async function teamsOf(hackathonId: number) {
	const db = useDb();
	const [teams, members, ideas] = await Promise.all([
		db
			.select()
			.from(hackathonTeam)
			.where(eq(hackathonTeam.hackathonId, hackathonId))
			.orderBy(asc(hackathonTeam.createdAt), asc(hackathonTeam.id)),
		membersWithPlace(db, hackathonId),
		db
			.select({ id: hackathonIdea.id, title: hackathonIdea.title })
			.from(hackathonIdea)
			.where(eq(hackathonIdea.hackathonId, hackathonId))
	]);
	const ideaTitle = new Map(ideas.map((i) => [i.id, i.title]));
	return teams.map((team) => ({
		...team,
		ideaTitle: team.ideaId ? (ideaTitle.get(team.ideaId) ?? null) : null,
		members: members.filter((m) => m.teamId === team.id)
	}));
}

/** The ideas board, newest first, with the escalations each cites. */
export async function ideasOf(hackathonId: number) {
	const rows = await useDb()
		.select({
			id: hackathonIdea.id,
			title: hackathonIdea.title,
			problem: hackathonIdea.problem,
			skills: hackathonIdea.skills,
			escalationIds: hackathonIdea.escalationIds,
			authorName: person.name,
			createdAt: hackathonIdea.createdAt
		})
		.from(hackathonIdea)
		.innerJoin(person, eq(person.id, hackathonIdea.authorId))
		.where(eq(hackathonIdea.hackathonId, hackathonId))
		.orderBy(desc(hackathonIdea.createdAt), desc(hackathonIdea.id));
	const cited = await escalationsByIds([...new Set(rows.flatMap((r) => r.escalationIds))]);
	const byId = new Map(cited.map((e) => [e.id, e]));
	return rows.map(({ escalationIds, ...idea }) => ({
		...idea,
		evidence: escalationIds.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []))
	}));
}

/** People looking for a team, with their department and skills. */
export async function freeAgentsOf(hackathonId: number) {
	const db = useDb();
	const rows = await db
		.select()
		.from(hackathonFreeAgent)
		.where(eq(hackathonFreeAgent.hackathonId, hackathonId))
		.orderBy(asc(hackathonFreeAgent.since));
	if (rows.length === 0) return [];
	const places = await peopleWithPlace(db).where(
		inArray(
			person.id,
			rows.map((r) => r.personId)
		)
	);
	const byId = new Map(places.map((p) => [p.id, p]));
	return rows.map((r) => ({
		personId: r.personId,
		skills: r.skills,
		name: byId.get(r.personId)?.name ?? 'Someone',
		departmentName: byId.get(r.personId)?.departmentName ?? 'No department'
	}));
}

/** Pending join requests and invitations of a hackathon, with names. */
export async function pendingInvites(hackathonId: number, teamId?: number) {
	return useDb()
		.select({
			id: hackathonTeamInvite.id,
			teamId: hackathonTeamInvite.teamId,
			teamName: hackathonTeam.name,
			personId: hackathonTeamInvite.personId,
			personName: person.name,
			kind: hackathonTeamInvite.kind,
			message: hackathonTeamInvite.message,
			createdAt: hackathonTeamInvite.createdAt
		})
		.from(hackathonTeamInvite)
		.innerJoin(person, eq(person.id, hackathonTeamInvite.personId))
		.innerJoin(hackathonTeam, eq(hackathonTeam.id, hackathonTeamInvite.teamId))
		.where(
			and(
				eq(hackathonTeamInvite.hackathonId, hackathonId),
				eq(hackathonTeamInvite.state, 'pending'),
				teamId === undefined ? undefined : eq(hackathonTeamInvite.teamId, teamId)
			)
		)
		.orderBy(asc(hackathonTeamInvite.createdAt), asc(hackathonTeamInvite.id));
}

/** One team with its members and idea; a refusal when it is not one of this hackathon's. */
export async function teamDetail(hackathonId: number, teamId: number) {
	const teams = await teamsOf(hackathonId);
	const team = teams.find((t) => t.id === teamId);
	if (!team) return null;
	const [idea] = team.ideaId
		? (await ideasOf(hackathonId)).filter((i) => i.id === team.ideaId)
		: [];
	const exceptionBy = team.exceptionById
		? (
				await useDb()
					.select({ name: person.name })
					.from(person)
					.where(eq(person.id, team.exceptionById))
			)[0]
		: null;
	return { ...team, idea: idea ?? null, exceptionByName: exceptionBy?.name ?? null };
}

/** Active colleagues not in a team of this hackathon (whom a captain can invite). */
export async function colleaguesWithoutTeam(hackathonId: number) {
	const db = useDb();
	const taken = await db
		.select({ personId: hackathonMember.personId })
		.from(hackathonMember)
		.where(eq(hackathonMember.hackathonId, hackathonId));
	const busy = new Set(taken.map((t) => t.personId));
	const everyone = await peopleWithPlace(db)
		.where(eq(person.active, true))
		.orderBy(asc(person.name));
	return everyone
		.filter((p) => !busy.has(p.id))
		.map((p) => ({ id: p.id, name: p.name, departmentName: p.departmentName }));
}

/** Members an admin allowed to organise hackathons. */
export async function organisingGrants() {
	return useDb()
		.select({
			personId: person.id,
			name: person.name,
			grantedAt: hackathonOrganisingGrant.grantedAt
		})
		.from(hackathonOrganisingGrant)
		.innerJoin(person, eq(person.id, hackathonOrganisingGrant.personId))
		.orderBy(asc(person.name));
}

/** Whether the team is one of this hackathon's (URLs name both; they must agree). */
export async function teamBelongs(hackathonId: number, teamId: number): Promise<boolean> {
	const [row] = await useDb()
		.select({ id: hackathonTeam.id })
		.from(hackathonTeam)
		.where(and(eq(hackathonTeam.id, teamId), eq(hackathonTeam.hackathonId, hackathonId)));
	return Boolean(row);
}
