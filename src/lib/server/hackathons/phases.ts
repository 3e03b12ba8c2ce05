// Phases change on their times through the job runner: one job per hackathon and phase
// (`hackathon.phase:<id>:<phase>`), so each is scheduled once, moved when an organiser
// extends a deadline, and claimed by one node. The move itself is a conditional UPDATE
// under the hackathon's row lock, so a job and an organiser's button never move it twice.
import { and, eq, lte, sql } from 'drizzle-orm';
import type { RoomEvent } from '$lib/realtime/contract';
import { nextPhase, PHASE_STARTS, type Phase } from '$lib/hackathons/schemas';
import { crossFunctionalChecklist, meetsRule } from '$lib/hackathons/checklist';
import type { Transaction } from '../db/client';
import { cancelJob, rescheduleJob, type JobHandler } from '../jobs';
import { publish, recorderFor, type RecordEvent } from '../realtime';
import { HACKATHONS_ROOM, hackathonRoom, recordHackathonEvent } from './events';
import { hackathon, hackathonTeam } from './schema';
import { membersWithPlace } from './members';

export const PHASE_JOB = 'hackathon.phase';
type Hackathon = typeof hackathon.$inferSelect;
type LaterPhase = Exclude<Phase, 'draft'>;

/** The key of the job that starts `phase` of a hackathon. */
export function phaseJobKey(hackathonId: number, phase: LaterPhase): string {
	return `${PHASE_JOB}:${hackathonId}:${phase}`;
}

/** Schedules (or moves) the job that starts `phase` at its time. */
export async function schedulePhase(tx: Transaction, row: Hackathon, phase: LaterPhase) {
	await rescheduleJob(tx, {
		kind: PHASE_JOB,
		key: phaseJobKey(row.id, phase),
		dueAt: row[PHASE_STARTS[phase]],
		payload: { hackathonId: row.id, phase }
	});
}

/** The hackathon locked for this transaction (other writers wait). */
export async function lockHackathon(tx: Transaction, hackathonId: number) {
	const [row] = await tx
		.select()
		.from(hackathon)
		.where(eq(hackathon.id, hackathonId))
		.for('update');
	return row;
}

/**
 * Moves the hackathon from the phase before `to` into `to`; false when it is not there
 * (or, on time, when the phase's time has not come). An organiser's early move brings the
 * phase's time forward to now, so every countdown stays true.
 */
export async function enterPhase(
	tx: Transaction,
	record: RecordEvent,
	row: Hackathon,
	to: LaterPhase,
	actorId: number | null
): Promise<boolean> {
	if (nextPhase(row.phase) !== to) return false;
	const column = hackathon[PHASE_STARTS[to]];
	const onTime = actorId === null;
	const [moved] = await tx
		.update(hackathon)
		.set({ phase: to, [PHASE_STARTS[to]]: sql`least(${column}, now())` })
		.where(
			and(
				eq(hackathon.id, row.id),
				eq(hackathon.phase, row.phase),
				onTime ? lte(column, sql`now()`) : undefined
			)
		)
		.returning();
	if (!moved) return false;
	if (!onTime) await cancelJob(tx, phaseJobKey(row.id, to));
	const flaggedTeams = to === 'hacking' ? await flagTeamsMissingRule(tx, moved) : undefined;
	const payload = { hackathonId: row.id, phase: to, onTime, flaggedTeams };
	await recordHackathonEvent(record, hackathonRoom(row.id), 'hackathon.phase', payload, actorId);
	await recordHackathonEvent(record, HACKATHONS_ROOM, 'hackathon.phase', payload, actorId);
	Object.assign(row, moved);
	return true;
}

/** Enters every phase whose time has come (a late runner catches up in one go). */
export async function catchUp(
	tx: Transaction,
	record: RecordEvent,
	hackathonId: number
): Promise<Phase[]> {
	const row = await lockHackathon(tx, hackathonId);
	if (!row) return [];
	const entered: Phase[] = [];
	for (let to = nextPhase(row.phase); to; to = nextPhase(row.phase)) {
		if (!(await enterPhase(tx, record, row, to, null))) break;
		entered.push(to);
	}
	return entered;
}

/**
 * When hacking starts, teams that miss the cross-functional rule are flagged (they may not
 * submit unless an organiser makes an exception). Answers the flagged teams' ids.
 */
async function flagTeamsMissingRule(tx: Transaction, row: Hackathon): Promise<number[]> {
	const teams = await tx
		.select({ id: hackathonTeam.id })
		.from(hackathonTeam)
		.where(eq(hackathonTeam.hackathonId, row.id));
	const members = await membersWithPlace(tx, row.id);
	const flagged: number[] = [];
	for (const team of teams) {
		const own = members.filter((m) => m.teamId === team.id);
		if (meetsRule(row, own)) continue;
		const missing = crossFunctionalChecklist(row, own)
			.filter((item) => !item.met)
			.map((item) => item.label);
		await tx
			.update(hackathonTeam)
			.set({ flaggedAt: sql`now()`, flagReason: `Missing: ${missing.join('; ')}` })
			.where(eq(hackathonTeam.id, team.id));
		flagged.push(team.id);
	}
	return flagged;
}

/** The phase job: its events commit with the claim and are broadcast after it. */
const phaseJob: JobHandler = async ({ tx, job, afterCommit }) => {
	const { hackathonId } = job.payload as { hackathonId: number };
	const events: RoomEvent[] = [];
	await catchUp(tx, recorderFor(tx, events), hackathonId);
	if (events.length > 0) afterCommit(() => publish(events));
};

/** The hackathons' jobs, registered through the module registry. */
export const hackathonJobs: Record<string, JobHandler> = { [PHASE_JOB]: phaseJob };
