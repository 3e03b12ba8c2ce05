// Rubric judging: organisers pick judges; judges and organisers declare conflicts; the
// balanced assignment gives every submission at least k judges; judges score their
// assigned submissions 1–5 per criterion, and change their scores until judging closes.
import { and, eq } from 'drizzle-orm';
import { scoreSchema, type ScoreInput } from '$lib/hackathons/judging';
import { useDb, type Executor, type Transaction } from '../db/client';
import { ServiceError, parseOrRefuse } from '../errors';
import { notify } from '../notifications';
import { person } from '../org';
import { withEvents } from '../realtime';
import { hackathonRoom, recordHackathonEvent } from './events';
import { lockHackathon } from './phases';
import { balancedAssignment } from './scoring';
import {
	hackathon,
	hackathonAssignment,
	hackathonConflict,
	hackathonCriterion,
	hackathonJudge,
	hackathonMember,
	hackathonScore,
	hackathonSubmission
} from './schema';
import { findHackathon, requireOrganiser } from './service';
import { submissionIdsOf, teamOfHackathon } from './submissions';

/** Whether someone judges this hackathon. */
export async function isJudge(personId: number, hackathonId: number, db: Executor = useDb()) {
	const [row] = await db
		.select({ id: hackathonJudge.personId })
		.from(hackathonJudge)
		.where(and(eq(hackathonJudge.hackathonId, hackathonId), eq(hackathonJudge.personId, personId)));
	return Boolean(row);
}

/** The teams a judge may not judge: their own, and every declared conflict. */
export async function conflictedTeams(db: Executor, hackathonId: number, judgeId: number) {
	const [own, declared] = await Promise.all([
		db
			.select({ teamId: hackathonMember.teamId })
			.from(hackathonMember)
			.where(
				and(eq(hackathonMember.hackathonId, hackathonId), eq(hackathonMember.personId, judgeId))
			),
		db
			.select({ teamId: hackathonConflict.teamId })
			.from(hackathonConflict)
			.where(
				and(eq(hackathonConflict.hackathonId, hackathonId), eq(hackathonConflict.judgeId, judgeId))
			)
	]);
	return {
		own: new Set(own.map((r) => r.teamId)),
		declared: new Set(declared.map((r) => r.teamId))
	};
}

/** Organisers pick a judge (any active member), who is told. */
export async function addJudge(actorId: number, hackathonId: number, personId: number) {
	await withEvents(async (tx, record) => {
		await requireOrganiser(tx, actorId, hackathonId);
		const row = await findHackathon(hackathonId, tx);
		if (row.phase === 'results') throw new ServiceError('Judging is over.');
		const [colleague] = await tx
			.select({ active: person.active })
			.from(person)
			.where(eq(person.id, personId));
		if (!colleague?.active) throw new ServiceError('Choose an active colleague.', 'personId');
		const added = await tx
			.insert(hackathonJudge)
			.values({ hackathonId, personId })
			.onConflictDoNothing()
			.returning({ personId: hackathonJudge.personId });
		if (added.length === 0)
			throw new ServiceError('They already judge this hackathon.', 'personId');
		await recordHackathonEvent(
			record,
			hackathonRoom(hackathonId),
			'judge.added',
			{ personId },
			actorId
		);
		await notify(
			tx,
			record,
			[personId],
			{
				kind: 'hackathon.judging',
				text: `You are a judge of ${row.title}.`,
				href: `/hackathons/${hackathonId}/judging`
			},
			actorId
		);
	});
}

/**
 * A judge declares a conflict with a team for themselves, or an organiser for any judge;
 * an assignment to that team's submission is withdrawn with it.
 */
export async function declareConflict(
	actorId: number,
	hackathonId: number,
	input: { judgeId?: number; teamId: number; reason?: string }
) {
	await withEvents(async (tx, record) => {
		const judgeId = input.judgeId || actorId;
		if (judgeId !== actorId) await requireOrganiser(tx, actorId, hackathonId);
		if (!(await isJudge(judgeId, hackathonId, tx))) {
			throw new ServiceError(
				judgeId === actorId ? 'You do not judge this hackathon.' : 'Choose one of the judges.',
				'judgeId'
			);
		}
		await teamOfHackathon(tx, hackathonId, input.teamId).catch(() => {
			throw new ServiceError('Choose a team of this hackathon.', 'teamId');
		});
		await tx
			.insert(hackathonConflict)
			.values({
				hackathonId,
				judgeId,
				teamId: input.teamId,
				declaredById: actorId,
				reason: (input.reason ?? '').trim().slice(0, 300)
			})
			.onConflictDoNothing();
		const [submission] = await tx
			.select({ id: hackathonSubmission.id })
			.from(hackathonSubmission)
			.where(eq(hackathonSubmission.teamId, input.teamId));
		if (submission) {
			await tx
				.delete(hackathonAssignment)
				.where(
					and(
						eq(hackathonAssignment.judgeId, judgeId),
						eq(hackathonAssignment.submissionId, submission.id)
					)
				);
		}
		await recordHackathonEvent(
			record,
			hackathonRoom(hackathonId),
			'conflict.declared',
			{ judgeId, teamId: input.teamId },
			actorId
		);
	});
}

/**
 * An organiser assigns judges so every submission has at least `k` (kept as the
 * hackathon's setting); earlier assignments stay. Answers how many were added.
 */
export async function assignJudges(actorId: number, hackathonId: number, k: number) {
	return withEvents(async (tx, record) => {
		await requireOrganiser(tx, actorId, hackathonId);
		const row = await lockHackathon(tx, hackathonId);
		if (!row) throw new ServiceError('That hackathon does not exist.');
		if (row.phase === 'results') throw new ServiceError('Judging is over.');
		if (!Number.isInteger(k) || k < 1 || k > 20) {
			throw new ServiceError('Between 1 and 20 judges per project.', 'judgesPerSubmission');
		}
		await tx.update(hackathon).set({ judgesPerSubmission: k }).where(eq(hackathon.id, hackathonId));
		const [submissions, judges, existing] = await Promise.all([
			submissionIdsOf(tx, hackathonId),
			tx
				.select({ id: hackathonJudge.personId })
				.from(hackathonJudge)
				.where(eq(hackathonJudge.hackathonId, hackathonId))
				.orderBy(hackathonJudge.personId),
			tx
				.select({
					judgeId: hackathonAssignment.judgeId,
					submissionId: hackathonAssignment.submissionId
				})
				.from(hackathonAssignment)
				.where(eq(hackathonAssignment.hackathonId, hackathonId))
		]);
		if (judges.length === 0) throw new ServiceError('Pick judges first.', 'judgesPerSubmission');
		const conflicts = new Map<number, Set<number>>();
		for (const judge of judges) {
			const { own, declared } = await conflictedTeams(tx, hackathonId, judge.id);
			conflicts.set(judge.id, new Set([...own, ...declared]));
		}
		const added = balancedAssignment(
			submissions,
			judges.map((j) => j.id),
			(judgeId, submission) => !conflicts.get(judgeId)!.has(submission.teamId),
			k,
			existing
		);
		if (added.length > 0) {
			await tx.insert(hackathonAssignment).values(added.map((a) => ({ hackathonId, ...a })));
		}
		await recordHackathonEvent(
			record,
			hackathonRoom(hackathonId),
			'judging.assigned',
			{ assignments: existing.length + added.length },
			actorId
		);
		return added.length;
	});
}

/** Scores open when hacking ends and close with judging. */
function scoringProblem(phase: string): string | null {
	if (phase === 'results') return 'Judging has closed: scores can no longer change.';
	if (phase !== 'judging') return 'Judging opens when hacking ends.';
	return null;
}

/**
 * A judge scores a submission they are assigned, every criterion 1–5 with optional notes;
 * saving again replaces their scores until judging closes. Never their own team's, nor
 * one they declared a conflict with.
 */
export async function scoreSubmission(
	actorId: number,
	hackathonId: number,
	submissionId: number,
	input: ScoreInput
) {
	const data = parseOrRefuse(scoreSchema, input);
	await withEvents(async (tx, record) => {
		const row = await findHackathon(hackathonId, tx);
		const [submission] = await tx
			.select()
			.from(hackathonSubmission)
			.where(
				and(
					eq(hackathonSubmission.id, submissionId),
					eq(hackathonSubmission.hackathonId, hackathonId)
				)
			);
		if (!submission) throw new ServiceError('That project does not exist.');
		if (!(await isJudge(actorId, hackathonId, tx))) {
			throw new ServiceError('Only the judges of this hackathon can score projects.');
		}
		const { own, declared } = await conflictedTeams(tx, hackathonId, actorId);
		if (own.has(submission.teamId)) throw new ServiceError('You cannot judge your own team.');
		if (declared.has(submission.teamId)) {
			throw new ServiceError('You declared a conflict with this team.');
		}
		const problem = scoringProblem(row.phase);
		if (problem) throw new ServiceError(problem);
		await requireAssignment(tx, actorId, submissionId);
		const criteria = await tx
			.select({ id: hackathonCriterion.id })
			.from(hackathonCriterion)
			.where(eq(hackathonCriterion.hackathonId, hackathonId));
		const given = new Map(data.scores.map((s) => [s.criterionId, s]));
		if (criteria.length !== given.size || criteria.some((c) => !given.has(c.id))) {
			throw new ServiceError('Score every criterion from 1 to 5.', 'scores');
		}
		await tx
			.delete(hackathonScore)
			.where(
				and(eq(hackathonScore.judgeId, actorId), eq(hackathonScore.submissionId, submissionId))
			);
		await tx
			.insert(hackathonScore)
			.values(
				data.scores.map((s) => ({ judgeId: actorId, submissionId, ...s, scoredAt: new Date() }))
			);
		await recordHackathonEvent(
			record,
			hackathonRoom(hackathonId),
			'score.saved',
			{ judgeId: actorId, submissionId },
			actorId
		);
	});
}

async function requireAssignment(tx: Transaction, judgeId: number, submissionId: number) {
	const [assigned] = await tx
		.select({ judgeId: hackathonAssignment.judgeId })
		.from(hackathonAssignment)
		.where(
			and(
				eq(hackathonAssignment.judgeId, judgeId),
				eq(hackathonAssignment.submissionId, submissionId)
			)
		);
	if (!assigned) throw new ServiceError('This project is not assigned to you.');
}
