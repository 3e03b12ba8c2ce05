// Submissions: a team's project, saved by any member until the submission deadline (by the
// server's clock, whatever phase the job runner has reached), every save kept as a version.
// A team flagged for missing the cross-functional rule saves only after an exception.
import { and, eq, inArray } from 'drizzle-orm';
import { submissionSchema, type SubmissionInput } from '$lib/hackathons/judging';
import { storeAttachments, type CheckedFile } from '../attachments';
import type { Transaction } from '../db/client';
import { ServiceError, parseOrRefuse } from '../errors';
import { withEvents } from '../realtime';
import { getWorkspace } from '../workspace';
import { hackathonRoom, recordHackathonEvent } from './events';
import {
	hackathonChallenge,
	hackathonMember,
	hackathonSubmission,
	hackathonSubmissionScreenshot,
	hackathonSubmissionVersion,
	hackathonTeam
} from './schema';
import { findHackathon } from './service';

const MAX_SCREENSHOTS = 8;

/** The team of this hackathon, locked (saves of one team queue); refused when not in it. */
export async function teamOfHackathon(
	tx: Transaction,
	hackathonId: number,
	teamId: number,
	lock = false
) {
	const query = tx
		.select()
		.from(hackathonTeam)
		.where(and(eq(hackathonTeam.id, teamId), eq(hackathonTeam.hackathonId, hackathonId)));
	const [team] = lock ? await query.for('update') : await query;
	if (!team) throw new ServiceError('That team does not exist.');
	return team;
}

/** A deadline as people read it, in the workspace's time zone. */
export function readableTime(at: Date, timeZone: string): string {
	const text = new Intl.DateTimeFormat('en-GB', {
		dateStyle: 'medium',
		timeStyle: 'short',
		timeZone
	}).format(at);
	return `${text} (${timeZone})`;
}

/** Why this team may not save its submission now, or null. */
function submitProblem(
	row: { phase: string; hackingEndsAt: Date },
	team: typeof hackathonTeam.$inferSelect,
	timeZone: string
): string | null {
	// The server's clock decides, not the phase: the phase job may run a moment late.
	if (new Date() >= row.hackingEndsAt) {
		return `Submissions closed at ${readableTime(row.hackingEndsAt, timeZone)}.`;
	}
	if (row.phase !== 'hacking') return 'Submissions open when hacking starts.';
	if (team.flaggedAt && !team.exceptionReason) {
		return `This team missed the cross-functional rule when hacking started (${team.flagReason}); it can submit once an organiser makes an exception.`;
	}
	return null;
}

/** The challenge and categories chosen, checked against this hackathon's challenges. */
async function checkedChallenges(tx: Transaction, hackathonId: number, data: SubmissionInput) {
	const challenges = await tx
		.select()
		.from(hackathonChallenge)
		.where(eq(hackathonChallenge.hackathonId, hackathonId));
	const challengeId = data.challengeId || null;
	if (challengeId && !challenges.some((c) => c.id === challengeId)) {
		throw new ServiceError('Choose one of this hackathon’s challenges.', 'challengeId');
	}
	const categories = [...new Set(data.categoryIds ?? [])];
	for (const id of categories) {
		if (!challenges.some((c) => c.id === id && c.isCategory)) {
			throw new ServiceError(
				'Choose categories from this hackathon’s prize categories.',
				'categoryIds'
			);
		}
	}
	return { challengeId, categoryIds: categories.sort((a, b) => a - b) };
}

/**
 * A member saves their team's submission (the first save creates it); the new version is
 * kept beside the old ones and the room hears of it. Answers the submission's id.
 */
export async function saveSubmission(
	actorId: number,
	hackathonId: number,
	teamId: number,
	input: SubmissionInput,
	screenshots: CheckedFile[] = []
): Promise<number> {
	const data = parseOrRefuse(submissionSchema.omit({ screenshots: true }), input);
	// Read before the transaction: the workspace read takes its own connection.
	const { timeZone } = await getWorkspace();
	return withEvents(async (tx, record) => {
		const row = await findHackathon(hackathonId, tx);
		const team = await teamOfHackathon(tx, hackathonId, teamId, true);
		const [member] = await tx
			.select()
			.from(hackathonMember)
			.where(and(eq(hackathonMember.teamId, teamId), eq(hackathonMember.personId, actorId)));
		if (!member) throw new ServiceError('Only members of this team can change its submission.');
		const problem = submitProblem(row, team, timeZone);
		if (problem) throw new ServiceError(problem);
		const fields = { ...data, ...(await checkedChallenges(tx, hackathonId, data)) };
		const [existing] = await tx
			.select({ id: hackathonSubmission.id, version: hackathonSubmission.version })
			.from(hackathonSubmission)
			.where(eq(hackathonSubmission.teamId, teamId));
		const version = (existing?.version ?? 0) + 1;
		const values = { ...fields, version, savedById: actorId, savedAt: new Date() };
		const [saved] = existing
			? await tx
					.update(hackathonSubmission)
					.set(values)
					.where(eq(hackathonSubmission.id, existing.id))
					.returning({ id: hackathonSubmission.id })
			: await tx
					.insert(hackathonSubmission)
					.values({ hackathonId, teamId, ...values })
					.returning({ id: hackathonSubmission.id });
		await tx.insert(hackathonSubmissionVersion).values({ submissionId: saved.id, ...values });
		await addScreenshots(tx, saved.id, screenshots, actorId);
		await recordHackathonEvent(
			record,
			hackathonRoom(hackathonId),
			'submission.saved',
			{ teamId, submissionId: saved.id, version },
			actorId
		);
		return saved.id;
	});
}

async function addScreenshots(
	tx: Transaction,
	submissionId: number,
	files: CheckedFile[],
	actorId: number
) {
	if (files.length === 0) return;
	const current = await tx
		.select({ id: hackathonSubmissionScreenshot.attachmentId })
		.from(hackathonSubmissionScreenshot)
		.where(eq(hackathonSubmissionScreenshot.submissionId, submissionId));
	if (current.length + files.length > MAX_SCREENSHOTS) {
		throw new ServiceError(`A project has at most ${MAX_SCREENSHOTS} screenshots.`, 'screenshots');
	}
	if (files.some((f) => !f.contentType.startsWith('image/'))) {
		throw new ServiceError('Screenshots are images (PNG, JPEG, GIF, WebP).', 'screenshots');
	}
	const stored = await storeAttachments(tx, files, actorId);
	await tx
		.insert(hackathonSubmissionScreenshot)
		.values(stored.map((s) => ({ submissionId, attachmentId: s.id })));
}

/** The submissions of a hackathon that exist, with their team's id (for judging). */
export async function submissionIdsOf(tx: Transaction, hackathonId: number) {
	return tx
		.select({ id: hackathonSubmission.id, teamId: hackathonSubmission.teamId })
		.from(hackathonSubmission)
		.where(eq(hackathonSubmission.hackathonId, hackathonId))
		.orderBy(hackathonSubmission.id);
}

/** Member ids by team, for the given teams. */
export async function membersByTeam(tx: Transaction, teamIds: number[]) {
	const rows = teamIds.length
		? await tx
				.select({ teamId: hackathonMember.teamId, personId: hackathonMember.personId })
				.from(hackathonMember)
				.where(inArray(hackathonMember.teamId, teamIds))
		: [];
	const byTeam = new Map<number, number[]>();
	for (const r of rows) byTeam.set(r.teamId, [...(byTeam.get(r.teamId) ?? []), r.personId]);
	return byTeam;
}
