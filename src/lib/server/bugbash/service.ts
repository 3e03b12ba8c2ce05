// The bug bash: its lifecycle, logging bugs and spotting duplicates. Every change is an
// event in the bash's room (`bugbash:<id>`), written in the same transaction.
import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { bashSchema, bugSchema } from '$lib/bugbash/schemas';
import { useDb, type Executor, type Transaction } from '../db/client';
import { bug, bugBash, bugBashOrganiser, bugBashParticipant, bugAttachment } from './schema';
import { peopleWithPlace, person } from '../org';
import { checkNewBashTimes, whyNotReopen } from './rules';
import { ServiceError } from '../errors';
import { storeAttachments, type CheckedFile } from '../attachments';
import { addCommentIn, deleteCommentIn, editCommentIn } from '../comments';
import { notify } from '../notifications';
import { withEvents, type RecordEvent } from '../realtime';
import { bashCaps } from '../workspace';
import { exceedsCaps } from './rules';
import { bashRoom, BUGBASHES_ROOM, type BashMoved, type LoggedBug } from './events';

export type NewBash = z.output<typeof bashSchema>;
export type NewBug = z.output<typeof bugSchema>;

export async function findBash(bashId: number, db: Executor = useDb()) {
	const [row] = await db.select().from(bugBash).where(eq(bugBash.id, bashId));
	if (!row) throw new ServiceError('That bug bash does not exist.');
	return row;
}

export async function isOrganiser(personId: number, bashId: number, db: Executor = useDb()) {
	const [row] = await db
		.select({ personId: bugBashOrganiser.personId })
		.from(bugBashOrganiser)
		.where(and(eq(bugBashOrganiser.bashId, bashId), eq(bugBashOrganiser.personId, personId)));
	return Boolean(row);
}

/**
 * Any member may run a bash: they become its organiser. A member's bash that pays more
 * than the workspace's caps is saved awaiting an admin's approval (and pays nothing until
 * then), so two members cannot mint points; an admin's bash is approved as it is made.
 */
export async function createBash(actorId: number, input: NewBash): Promise<number> {
	checkNewBashTimes(input.startsAt, input.endsAt);
	return withEvents(async (tx, record) => {
		const [actor] = await tx
			.select({ role: person.role, active: person.active })
			.from(person)
			.where(eq(person.id, actorId));
		if (!actor?.active) throw new ServiceError('Sign in again to create a bug bash.');
		const overCaps = exceedsCaps(input.scoring, await bashCaps(tx));
		const approval = overCaps && actor.role !== 'admin' ? 'pending' : 'approved';
		const [created] = await tx
			.insert(bugBash)
			.values({
				title: input.title,
				feature: input.feature,
				charter: input.charter,
				areas: [...new Set(input.areas)],
				environmentUrl: input.environmentUrl || null,
				startsAt: input.startsAt,
				endsAt: input.endsAt,
				scoring: input.scoring,
				approval,
				createdById: actorId
			})
			.returning({ id: bugBash.id });
		await tx.insert(bugBashOrganiser).values({ bashId: created.id, personId: actorId });
		await record(
			BUGBASHES_ROOM,
			'bash.created',
			{ bashId: created.id, title: input.title },
			actorId
		);
		return created.id;
	});
}

/** The organisers' ids, e.g. to tell them about new bugs and comments. */
export async function organisersOf(bashId: number, db: Executor = useDb()): Promise<number[]> {
	const rows = await db
		.select({ personId: bugBashOrganiser.personId })
		.from(bugBashOrganiser)
		.where(eq(bugBashOrganiser.bashId, bashId));
	return rows.map((r) => r.personId);
}

/** Organisers run their bash; an active admin may step in (reopen a bash ended too early). */
async function mayRunBash(tx: Executor, actorId: number, bashId: number): Promise<boolean> {
	if (await isOrganiser(actorId, bashId, tx)) return true;
	const [actor] = await tx
		.select({ role: person.role, active: person.active })
		.from(person)
		.where(eq(person.id, actorId));
	return Boolean(actor?.active && actor.role === 'admin');
}

export async function requireOrganiser(tx: Executor, actorId: number, bashId: number) {
	if (!(await isOrganiser(actorId, bashId, tx))) {
		throw new ServiceError('Only the organisers of this bash can do that.');
	}
}

/** Organisers add a co-organiser, who can then triage and run the bash too. */
export async function addOrganiser(actorId: number, bashId: number, personId: number) {
	await withEvents(async (tx, record) => {
		await requireOrganiser(tx, actorId, bashId);
		const [colleague] = await tx
			.select({ active: person.active, name: person.name })
			.from(person)
			.where(eq(person.id, personId));
		if (!colleague?.active) throw new ServiceError('Choose an active colleague.', 'personId');
		const added = await tx
			.insert(bugBashOrganiser)
			.values({ bashId, personId })
			.onConflictDoNothing()
			.returning({ personId: bugBashOrganiser.personId });
		if (added.length === 0) return;
		await record(
			bashRoom(bashId),
			'bash.organiser_added',
			{ personId, name: colleague.name },
			actorId
		);
		const bash = await findBash(bashId, tx);
		await notify(
			tx,
			record,
			[personId],
			{
				kind: 'bugbash.organiser',
				text: `You are now an organiser of ${bash.title}.`,
				href: `/bugbash/${bashId}`
			},
			actorId
		);
	});
}

/** Organisers start a scheduled bash (also before its start time). */
export async function startBash(actorId: number, bashId: number): Promise<void> {
	await withEvents(async (tx, record) => {
		await requireOrganiser(tx, actorId, bashId);
		const moved = await tx
			.update(bugBash)
			.set({ state: 'live', startedAt: new Date() })
			.where(and(eq(bugBash.id, bashId), eq(bugBash.state, 'scheduled')))
			.returning({ id: bugBash.id });
		if (moved.length === 0) throw new ServiceError('Only a scheduled bash can be started.');
		const change: BashMoved = { bashId, onTime: false };
		await record(bashRoom(bashId), 'bash.started', change, actorId);
		await record(BUGBASHES_ROOM, 'bash.started', change, actorId);
	});
}

/** Organisers end a live bash. */
export async function endBash(actorId: number, bashId: number): Promise<void> {
	await withEvents(async (tx, record) => {
		await requireOrganiser(tx, actorId, bashId);
		const moved = await tx
			.update(bugBash)
			.set({ state: 'ended', endedAt: new Date() })
			.where(and(eq(bugBash.id, bashId), eq(bugBash.state, 'live')))
			.returning({ id: bugBash.id });
		if (moved.length === 0) throw new ServiceError('Only a live bash can be ended.');
		const change: BashMoved = { bashId, onTime: false };
		await record(bashRoom(bashId), 'bash.ended', change, actorId);
		await record(BUGBASHES_ROOM, 'bash.ended', change, actorId);
	});
}

/**
 * Organisers or an admin reopen a bash ended too early, within a day of its end: it is
 * live again until its end time, pushed an hour ahead when that has passed.
 */
export async function reopenBash(actorId: number, bashId: number, now = new Date()) {
	await withEvents(async (tx, record) => {
		const [bash] = await tx.select().from(bugBash).where(eq(bugBash.id, bashId)).for('update');
		if (!bash) throw new ServiceError('That bug bash does not exist.');
		const refused = whyNotReopen(bash, await mayRunBash(tx, actorId, bashId), now);
		if (refused) throw new ServiceError(refused);
		const endsAt = bash.endsAt > now ? bash.endsAt : new Date(now.getTime() + 3_600_000);
		await tx
			.update(bugBash)
			.set({ state: 'live', endedAt: null, endsAt })
			.where(eq(bugBash.id, bashId));
		const change: BashMoved = { bashId, onTime: false };
		await record(bashRoom(bashId), 'bash.started', change, actorId);
		await record(BUGBASHES_ROOM, 'bash.started', change, actorId);
	});
}

/**
 * Logs a bug in a live bash. The reporter's form key makes a resubmit return the bug it
 * already logged instead of a second one.
 */
export async function logBug(
	reporterId: number,
	bashId: number,
	input: NewBug,
	files: CheckedFile[] = []
): Promise<{ bugId: number; created: boolean }> {
	return withEvents((tx, record) => logBugIn(tx, record, reporterId, bashId, input, files));
}

/** `logBug` inside the caller's transaction (a demo comment filed as a bug). */
export async function logBugIn(
	tx: Transaction,
	record: RecordEvent,
	reporterId: number,
	bashId: number,
	input: NewBug,
	files: CheckedFile[] = []
): Promise<{ bugId: number; created: boolean }> {
	const bash = await findBash(bashId, tx);
	if (bash.state !== 'live') throw new ServiceError('Bugs can be logged while the bash is live.');
	if (bash.areas.length > 0 && !bash.areas.includes(input.area)) {
		throw new ServiceError('Choose one of the bash’s areas.', 'area');
	}
	const [created] = await tx
		.insert(bug)
		.values({ ...input, bashId, reporterId })
		.onConflictDoNothing()
		.returning();
	if (!created) {
		const [existing] = await tx
			.select({ id: bug.id })
			.from(bug)
			.where(and(eq(bug.reporterId, reporterId), eq(bug.clientKey, input.clientKey)));
		return { bugId: existing.id, created: false };
	}
	const stored = await storeAttachments(tx, files, reporterId);
	if (stored.length > 0) {
		await tx
			.insert(bugAttachment)
			.values(stored.map((a) => ({ bugId: created.id, attachmentId: a.id })));
	}
	await joinIn(tx, bashId, reporterId);
	const { clientKey: _key, ...visible } = created;
	const card: LoggedBug = {
		...visible,
		createdAt: created.createdAt.toISOString(),
		updatedAt: created.updatedAt.toISOString(),
		...(await reporterOf(tx, reporterId)),
		attachments: files.length,
		confirmations: 0,
		comments: 0,
		escalationId: null
	};
	await record(bashRoom(bashId), 'bug.logged', card, reporterId);
	return { bugId: created.id, created: true };
}

/** The reporter's name and department, for the board card everyone receives. */
async function reporterOf(tx: Executor, reporterId: number) {
	const [row] = await peopleWithPlace(tx).where(eq(person.id, reporterId));
	return { reporterName: row.name, departmentName: row.departmentName };
}

async function joinIn(tx: Executor, bashId: number, personId: number): Promise<boolean> {
	const added = await tx
		.insert(bugBashParticipant)
		.values({ bashId, personId })
		.onConflictDoNothing()
		.returning({ personId: bugBashParticipant.personId });
	return added.length > 0;
}

export async function isParticipant(personId: number, bashId: number): Promise<boolean> {
	const [row] = await useDb()
		.select({ personId: bugBashParticipant.personId })
		.from(bugBashParticipant)
		.where(and(eq(bugBashParticipant.bashId, bashId), eq(bugBashParticipant.personId, personId)));
	return Boolean(row);
}

/** Someone opened a live bash: counted as a participant (once) for the summary. */
export async function joinBash(personId: number, bashId: number): Promise<void> {
	const bash = await findBash(bashId);
	if (bash.state !== 'live') return;
	await withEvents(async (tx, record) => {
		if (await joinIn(tx, bashId, personId)) {
			await record(bashRoom(bashId), 'bash.joined', { personId }, personId);
		}
	});
}

/** A bug's thread: in its bash's room, so the board and the bug page follow it live. */
function bugThread(target: { id: number; bashId: number; title: string }) {
	return {
		subject: { kind: 'bug', id: target.id },
		owner: {
			room: bashRoom(target.bashId),
			about: { bugId: target.id },
			title: `“${target.title}”`,
			href: `/bugbash/${target.bashId}/bugs/${target.id}`
		}
	};
}

async function bugOf(tx: Executor, bugId: number) {
	const [target] = await tx
		.select({ id: bug.id, bashId: bug.bashId, title: bug.title, reporterId: bug.reporterId })
		.from(bug)
		.where(eq(bug.id, bugId));
	if (!target) throw new ServiceError('That bug does not exist.');
	return target;
}

/** A comment on a bug, live for everyone in the bash; the reporter and organisers are told. */
export async function commentOnBug(authorId: number, bugId: number, body: string): Promise<number> {
	return withEvents(async (tx, record) => {
		const target = await bugOf(tx, bugId);
		const { subject, owner } = bugThread(target);
		const added = await addCommentIn(tx, record, authorId, subject, body, {
			...owner,
			participants: {
				personIds: [target.reporterId, ...(await organisersOf(target.bashId, tx))],
				kind: 'bug.comment',
				text: `New comment on “${target.title}”.`
			}
		});
		return added.id;
	});
}

/** The author corrects their comment on a bug (within 15 minutes). */
export async function editBugComment(
	actorId: number,
	bugId: number,
	commentId: number,
	body: string
): Promise<void> {
	await withEvents(async (tx, record) => {
		const { subject, owner } = bugThread(await bugOf(tx, bugId));
		await editCommentIn(tx, record, actorId, subject, commentId, body, owner);
	});
}

/** The author (within 15 minutes) or an admin deletes a comment on a bug. */
export async function deleteBugComment(
	actorId: number,
	bugId: number,
	commentId: number
): Promise<void> {
	await withEvents(async (tx, record) => {
		const { subject, owner } = bugThread(await bugOf(tx, bugId));
		await deleteCommentIn(tx, record, actorId, subject, commentId, owner);
	});
}
