// A hackathon's lifecycle: who may organise, creating one with its prizes and criteria,
// advancing its phases and moving its times. Every change is an event in the hackathon's
// room (`hackathon:<id>`), written in the same transaction.
import { and, eq } from 'drizzle-orm';
import {
	exceptionSchema,
	hackathonSchema,
	nextPhase,
	PHASE_STARTS,
	PHASE_TIME_LABELS,
	type HackathonInput,
	type PhaseTime
} from '$lib/hackathons/schemas';
import { useDb, type Executor, type Transaction } from '../db/client';
import { ServiceError, parseOrRefuse } from '../errors';
import { notify } from '../notifications';
import { person } from '../org';
import { withEvents } from '../realtime';
import { HACKATHONS_ROOM, hackathonRoom, recordHackathonEvent } from './events';
import { enterPhase, lockHackathon, schedulePhase } from './phases';
import {
	mayCreateHackathon,
	mayMoveTime,
	phaseStartedBy,
	prizePoolProblem,
	timesProblem
} from './rules';
import {
	hackathon,
	hackathonChallenge,
	hackathonCriterion,
	hackathonOrganiser,
	hackathonOrganisingGrant,
	hackathonPrize,
	hackathonTeam
} from './schema';

/** The hackathon, or a refusal saying it does not exist (routes answer 404). */
export async function findHackathon(hackathonId: number, db: Executor = useDb()) {
	const [row] = await db.select().from(hackathon).where(eq(hackathon.id, hackathonId));
	if (!row) throw new ServiceError('That hackathon does not exist.');
	return row;
}

/** Someone's role and whether an admin allowed them to organise; null when inactive. */
async function organisingRightsOf(db: Executor, personId: number) {
	const [row] = await db
		.select({ role: person.role, active: person.active, grant: hackathonOrganisingGrant.personId })
		.from(person)
		.leftJoin(hackathonOrganisingGrant, eq(hackathonOrganisingGrant.personId, person.id))
		.where(eq(person.id, personId));
	return row?.active ? { role: row.role, granted: row.grant !== null } : null;
}

/** Whether someone may create hackathons: admins, and members an admin allowed. */
export async function mayOrganiseHackathons(personId: number, db: Executor = useDb()) {
	const rights = await organisingRightsOf(db, personId);
	return rights !== null && mayCreateHackathon(rights);
}

/** Organisers of this hackathon, and admins, run it. */
export async function isOrganiser(personId: number, hackathonId: number, db: Executor = useDb()) {
	const [row] = await db
		.select({ role: person.role, active: person.active, organiser: hackathonOrganiser.personId })
		.from(person)
		.leftJoin(
			hackathonOrganiser,
			and(
				eq(hackathonOrganiser.personId, person.id),
				eq(hackathonOrganiser.hackathonId, hackathonId)
			)
		)
		.where(eq(person.id, personId));
	return Boolean(row?.active) && (row.role === 'admin' || row.organiser !== null);
}

export async function requireOrganiser(tx: Executor, actorId: number, hackathonId: number) {
	if (!(await isOrganiser(actorId, hackathonId, tx))) {
		throw new ServiceError('Only the organisers of this hackathon can do that.');
	}
}

/** Admins and allowed members create a hackathon (in draft); they become its organiser. */
export async function createHackathon(actorId: number, input: HackathonInput): Promise<number> {
	const data = parseOrRefuse(hackathonSchema, input);
	return withEvents(async (tx, record) => {
		const actor = await organisingRightsOf(tx, actorId);
		if (!actor || !mayCreateHackathon(actor)) {
			throw new ServiceError('Only admins, and members an admin allows, can create hackathons.');
		}
		const poolProblem = prizePoolProblem(data.prizes, actor.role === 'admin');
		if (poolProblem) throw new ServiceError(poolProblem, 'prizes');
		const [created] = await tx
			.insert(hackathon)
			.values({ ...data, createdById: actorId })
			.returning();
		await tx.insert(hackathonOrganiser).values({ hackathonId: created.id, personId: actorId });
		await insertChallengesAndPrizes(tx, created.id, data);
		for (const phase of ['registration', 'hacking', 'judging', 'results'] as const) {
			await schedulePhase(tx, created, phase);
		}
		await recordHackathonEvent(
			record,
			HACKATHONS_ROOM,
			'hackathon.created',
			{ hackathonId: created.id, title: created.title },
			actorId
		);
		return created.id;
	});
}

async function insertChallengesAndPrizes(
	tx: Transaction,
	hackathonId: number,
	data: HackathonInput
) {
	const challengeIds = new Map<string, number>();
	for (const [position, challenge] of data.challenges.entries()) {
		const [row] = await tx
			.insert(hackathonChallenge)
			.values({ hackathonId, position, ...challenge })
			.returning({ id: hackathonChallenge.id });
		challengeIds.set(challenge.title.toLowerCase(), row.id);
	}
	for (const [position, prize] of data.prizes.entries()) {
		const challengeId = prize.category ? challengeIds.get(prize.category.toLowerCase()) : null;
		if (challengeId === undefined) {
			throw new ServiceError(`“${prize.category}” is not one of the challenges.`, 'prizes');
		}
		const { category: _category, ...rest } = prize;
		await tx.insert(hackathonPrize).values({ hackathonId, position, challengeId, ...rest });
	}
	if (data.criteria.length > 0) {
		await tx
			.insert(hackathonCriterion)
			.values(data.criteria.map((c, position) => ({ hackathonId, position, ...c })));
	}
}

/** An organiser starts the next phase now (its job, still pending, is cancelled). */
export async function advancePhase(actorId: number, hackathonId: number): Promise<string> {
	return withEvents(async (tx, record) => {
		await requireOrganiser(tx, actorId, hackathonId);
		const row = await lockHackathon(tx, hackathonId);
		if (!row) throw new ServiceError('That hackathon does not exist.');
		const to = nextPhase(row.phase);
		if (!to) throw new ServiceError('The results are out: there is no phase after them.');
		await enterPhase(tx, record, row, to, actorId);
		return to;
	});
}

/**
 * An organiser moves a phase time that has not come yet (extends a deadline, or brings it
 * forward); the phase's job moves with it and every open page shows the new time.
 */
export async function movePhaseTime(
	actorId: number,
	hackathonId: number,
	which: PhaseTime,
	to: Date
): Promise<void> {
	await withEvents(async (tx, record) => {
		await requireOrganiser(tx, actorId, hackathonId);
		const row = await lockHackathon(tx, hackathonId);
		if (!row) throw new ServiceError('That hackathon does not exist.');
		if (!PHASE_TIME_LABELS[which]) throw new ServiceError('Choose which time moves.', 'which');
		if (!mayMoveTime(row.phase, which)) {
			throw new ServiceError(`${PHASE_TIME_LABELS[which]} has already passed.`, 'which');
		}
		const times = Object.fromEntries(
			Object.values(PHASE_STARTS).map((key) => [key, row[key]])
		) as Record<PhaseTime, Date>;
		const problem = timesProblem(times, which, to, new Date());
		if (problem) throw new ServiceError(problem, 'until');
		const [moved] = await tx
			.update(hackathon)
			.set({ [which]: to })
			.where(eq(hackathon.id, hackathonId))
			.returning();
		await schedulePhase(tx, moved, phaseStartedBy(which));
		await recordHackathonEvent(
			record,
			hackathonRoom(hackathonId),
			'hackathon.rescheduled',
			{ hackathonId, which, at: to.toISOString() },
			actorId
		);
	});
}

/** Organisers add a co-organiser (any active colleague), who is told. */
export async function addOrganiser(actorId: number, hackathonId: number, personId: number) {
	await withEvents(async (tx, record) => {
		await requireOrganiser(tx, actorId, hackathonId);
		const row = await findHackathon(hackathonId, tx);
		const [colleague] = await tx
			.select({ active: person.active, name: person.name })
			.from(person)
			.where(eq(person.id, personId));
		if (!colleague?.active) throw new ServiceError('Choose an active colleague.', 'personId');
		const added = await tx
			.insert(hackathonOrganiser)
			.values({ hackathonId, personId })
			.onConflictDoNothing()
			.returning({ personId: hackathonOrganiser.personId });
		if (added.length === 0) return;
		await recordHackathonEvent(
			record,
			hackathonRoom(hackathonId),
			'hackathon.organiser_added',
			{ personId, name: colleague.name },
			actorId
		);
		await notify(
			tx,
			record,
			[personId],
			{
				kind: 'hackathon.team',
				text: `You are now an organiser of ${row.title}.`,
				href: `/hackathons/${hackathonId}`
			},
			actorId
		);
	});
}

/** An admin allows a member to create hackathons, or takes it back. */
export async function setOrganisingGrant(actorId: number, personId: number, allowed: boolean) {
	await useDb().transaction(async (tx) => {
		const [actor] = await tx
			.select({ role: person.role, active: person.active })
			.from(person)
			.where(eq(person.id, actorId));
		if (!actor?.active || actor.role !== 'admin') {
			throw new ServiceError('Only admins can choose who organises hackathons.');
		}
		const [colleague] = await tx
			.select({ active: person.active })
			.from(person)
			.where(eq(person.id, personId));
		if (!colleague?.active) throw new ServiceError('Choose an active colleague.', 'personId');
		if (allowed) {
			await tx
				.insert(hackathonOrganisingGrant)
				.values({ personId, grantedById: actorId })
				.onConflictDoNothing();
		} else {
			await tx
				.delete(hackathonOrganisingGrant)
				.where(eq(hackathonOrganisingGrant.personId, personId));
		}
	});
}

/**
 * An organiser lets a team that misses the cross-functional rule submit anyway; who and
 * why are kept with the team.
 */
export async function makeException(
	actorId: number,
	hackathonId: number,
	teamId: number,
	reason: string
) {
	const data = parseOrRefuse(exceptionSchema, { reason });
	await withEvents(async (tx, record) => {
		const [team] = await tx
			.select()
			.from(hackathonTeam)
			.where(and(eq(hackathonTeam.id, teamId), eq(hackathonTeam.hackathonId, hackathonId)))
			.for('update');
		if (!team) throw new ServiceError('That team does not exist.');
		await requireOrganiser(tx, actorId, team.hackathonId);
		await tx
			.update(hackathonTeam)
			.set({ exceptionById: actorId, exceptionReason: data.reason, exceptionAt: new Date() })
			.where(eq(hackathonTeam.id, teamId));
		await recordHackathonEvent(
			record,
			hackathonRoom(team.hackathonId),
			'team.exception',
			{ teamId, byId: actorId, reason: data.reason },
			actorId
		);
		await notify(
			tx,
			record,
			[team.captainId],
			{
				kind: 'hackathon.team',
				text: `${team.name} may submit without meeting the cross-functional rule.`,
				href: `/hackathons/${team.hackathonId}/teams/${team.id}`
			},
			actorId
		);
	});
}
