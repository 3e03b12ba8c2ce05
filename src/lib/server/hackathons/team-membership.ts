// What every team change shares: the team's row (locked for joins), the phase check, who
// is in which team, and adding a member, which locks the team's row so its size limit
// holds however many joins race for the last place; the (hackathon, person) key keeps
// everyone to one team per hackathon.
import { and, count, eq } from 'drizzle-orm';
import { departmentsCovered } from '$lib/hackathons/checklist';
import type { Transaction } from '../db/client';
import { ServiceError } from '../errors';
import { person } from '../org';
import type { RecordEvent } from '../realtime';
import { hackathonRoom, recordHackathonEvent } from './events';
import { membersWithPlace } from './members';
import { teamsProblem } from './rules';
import { hackathonFreeAgent, hackathonMember, hackathonTeam, hackathonTeamInvite } from './schema';
import { findHackathon } from './service';

/** A team's row. */
export type Team = typeof hackathonTeam.$inferSelect;

/** The path of a team's page. */
export function teamHref(team: { id: number; hackathonId: number }): string {
	return `/hackathons/${team.hackathonId}/teams/${team.id}`;
}

/**
 * The team of this hackathon (a team of another one is "not found", so a URL cannot act
 * across hackathons), locked for this transaction when `lock` (joins wait for each other).
 */
export async function teamById(
	tx: Transaction,
	hackathonId: number,
	teamId: number,
	lock = false
): Promise<Team> {
	const query = tx
		.select()
		.from(hackathonTeam)
		.where(and(eq(hackathonTeam.id, teamId), eq(hackathonTeam.hackathonId, hackathonId)));
	const [row] = lock ? await query.for('update') : await query;
	if (!row) throw new ServiceError('That team does not exist.');
	return row;
}

/** The hackathon of a team change, refused outside the phases teams may change in. */
export async function openFor(tx: Transaction, hackathonId: number) {
	const row = await findHackathon(hackathonId, tx);
	const problem = teamsProblem(row.phase);
	if (problem) throw new ServiceError(problem);
	return row;
}

export async function teamIdOf(tx: Transaction, hackathonId: number, personId: number) {
	const [row] = await tx
		.select({ teamId: hackathonMember.teamId })
		.from(hackathonMember)
		.where(
			and(eq(hackathonMember.hackathonId, hackathonId), eq(hackathonMember.personId, personId))
		);
	return row?.teamId ?? null;
}

export async function sizeOf(tx: Transaction, teamId: number): Promise<number> {
	const [row] = await tx
		.select({ n: count() })
		.from(hackathonMember)
		.where(eq(hackathonMember.teamId, teamId));
	return Number(row.n);
}

export async function nameOf(tx: Transaction, personId: number) {
	const [row] = await tx
		.select({ name: person.name, active: person.active })
		.from(person)
		.where(eq(person.id, personId));
	return row;
}

export function isUniqueViolation(err: unknown): boolean {
	for (let e = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
		if ((e as { code?: unknown }).code === '23505') return true;
	}
	return false;
}

/**
 * Puts `personId` in the (locked) team: refused when it is full or they already have a
 * team. They stop looking for a team and their other pending asks are withdrawn.
 */
export async function addMember(
	tx: Transaction,
	record: RecordEvent,
	team: Team,
	limit: number,
	personId: number,
	actorId: number
) {
	if ((await sizeOf(tx, team.id)) >= limit) throw new ServiceError('That team is full.');
	if (await teamIdOf(tx, team.hackathonId, personId)) {
		throw new ServiceError('They are already in a team in this hackathon.');
	}
	try {
		await tx.transaction((sp) =>
			sp
				.insert(hackathonMember)
				.values({ hackathonId: team.hackathonId, teamId: team.id, personId })
		);
	} catch (err) {
		if (isUniqueViolation(err))
			throw new ServiceError('They are already in a team in this hackathon.');
		throw err;
	}
	await settleElsewhere(tx, team.hackathonId, personId);
	const departments = departmentsCovered(await membersWithPlace(tx, team.hackathonId, team.id));
	await recordHackathonEvent(
		record,
		hackathonRoom(team.hackathonId),
		'team.joined',
		{ teamId: team.id, personId, departments },
		actorId
	);
}

/** Someone now in a team is no longer free, and their other pending asks lapse. */
export async function settleElsewhere(tx: Transaction, hackathonId: number, personId: number) {
	await tx
		.delete(hackathonFreeAgent)
		.where(
			and(
				eq(hackathonFreeAgent.hackathonId, hackathonId),
				eq(hackathonFreeAgent.personId, personId)
			)
		);
	await tx
		.update(hackathonTeamInvite)
		.set({ state: 'withdrawn', decidedAt: new Date() })
		.where(
			and(
				eq(hackathonTeamInvite.hackathonId, hackathonId),
				eq(hackathonTeamInvite.personId, personId),
				eq(hackathonTeamInvite.state, 'pending')
			)
		);
}
