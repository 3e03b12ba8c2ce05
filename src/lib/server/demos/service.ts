// A demo's schedule and lifecycle: scheduling (with its series and presenters), moving it
// (which moves its reminder), going live and ending. Every change is an event in the
// demo's room and the list room, written in the same transaction.
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { demoSchema, type DemoInput } from '$lib/demos/schemas';
import { useDb, type Executor, type Transaction } from '../db/client';
import { ServiceError, parseOrRefuse } from '../errors';
import { awardPointsIn } from '../ledger';
import { person } from '../org';
import { withEvents, type RecordEvent } from '../realtime';
import { DEMOS_ROOM, demoRoom } from './events';
import { scheduleReminder } from './reminders';
import { mayManage, PRESENTING_POINTS } from './rules';
import { demo, demoPresenter, demoSeries } from './schema';

type Demo = typeof demo.$inferSelect;

/** The demo locked for this transaction, or a refusal saying it does not exist. */
export async function lockDemo(tx: Transaction, demoId: number): Promise<Demo> {
	const [row] = await tx.select().from(demo).where(eq(demo.id, demoId)).for('update');
	if (!row) throw new ServiceError('That demo does not exist.');
	return row;
}

/** The demo's presenters' ids. */
export async function presentersOf(db: Executor, demoId: number): Promise<number[]> {
	const rows = await db
		.select({ personId: demoPresenter.personId })
		.from(demoPresenter)
		.where(eq(demoPresenter.demoId, demoId));
	return rows.map((r) => r.personId);
}

/** Whether someone (active) presents this demo or is an admin. */
export async function mayManageDemo(actorId: number, demoId: number, db: Executor = useDb()) {
	const [actor] = await db
		.select({ id: person.id, role: person.role, active: person.active })
		.from(person)
		.where(eq(person.id, actorId));
	if (!actor?.active) return false;
	return mayManage(actor, await presentersOf(db, demoId));
}

export async function requireManager(tx: Executor, actorId: number, demoId: number) {
	if (!(await mayManageDemo(actorId, demoId, tx))) {
		throw new ServiceError('Only the presenters of this demo (or an admin) can do that.');
	}
}

async function requireMember(tx: Executor, actorId: number) {
	const [actor] = await tx
		.select({ active: person.active })
		.from(person)
		.where(eq(person.id, actorId));
	if (!actor?.active) throw new ServiceError('Only members can do that.');
}

/**
 * The presenters a form names: people picked (each must be active) and people typed,
 * without repeats, one to ten.
 */
export async function presentersFrom(
	input: { presenterIds: number[]; presenters: string },
	db: Executor = useDb()
): Promise<number[]> {
	const typed = input.presenters.trim() ? await resolvePresenters(input.presenters, db) : [];
	const ids = [...new Set([...input.presenterIds, ...typed])];
	if (ids.length === 0) throw new ServiceError('Name at least one presenter.', 'presenters');
	if (ids.length > 10) throw new ServiceError('At most ten presenters.', 'presenters');
	const active = await db
		.select({ id: person.id })
		.from(person)
		.where(and(inArray(person.id, ids), eq(person.active, true)));
	if (active.length !== ids.length) {
		throw new ServiceError('Choose presenters who are still members here.', 'presenters');
	}
	return ids;
}

/**
 * The people typed into the presenters field (names or emails, separated by commas or
 * lines): each must be exactly one active person.
 */
export async function resolvePresenters(typed: string, db: Executor = useDb()): Promise<number[]> {
	const wanted = [...new Set(typed.split(/[,;\n]/).map((t) => t.trim().toLowerCase()))].filter(
		Boolean
	);
	if (wanted.length === 0) throw new ServiceError('Name at least one presenter.', 'presenters');
	if (wanted.length > 10) throw new ServiceError('At most ten presenters.', 'presenters');
	const rows = await db
		.select({ id: person.id, name: person.name, email: person.email })
		.from(person)
		.where(
			and(
				eq(person.active, true),
				or(
					inArray(sql`lower(${person.email})`, wanted),
					inArray(sql`lower(${person.name})`, wanted)
				)
			)
		);
	return wanted.map((name) => {
		const matches = rows.filter(
			(r) => r.email.toLowerCase() === name || r.name.toLowerCase() === name
		);
		if (matches.length === 0) {
			throw new ServiceError(
				`No one here is called “${name}”: type a full name or an email.`,
				'presenters'
			);
		}
		if (matches.length > 1) {
			throw new ServiceError(
				`Several people are called “${name}”: type their email.`,
				'presenters'
			);
		}
		return matches[0].id;
	});
}

/** The series named `title`, created with its cadence the first time it is named. */
async function seriesNamed(tx: Transaction, actorId: number, title: string, everyWeeks: number) {
	if (!title) return null;
	await tx
		.insert(demoSeries)
		.values({ title, everyWeeks, createdById: actorId })
		.onConflictDoNothing({ target: demoSeries.title });
	const [row] = await tx
		.select({ id: demoSeries.id })
		.from(demoSeries)
		.where(eq(demoSeries.title, title));
	return row.id;
}

function columnsOf(data: DemoInput) {
	return {
		title: data.title,
		feature: data.feature,
		description: data.description,
		meetingUrl: data.meetingUrl || null,
		startsAt: data.startsAt,
		lengthMinutes: data.lengthMinutes
	};
}

async function setPresenters(tx: Transaction, demoId: number, presenterIds: number[]) {
	await tx.delete(demoPresenter).where(eq(demoPresenter.demoId, demoId));
	await tx.insert(demoPresenter).values(presenterIds.map((personId) => ({ demoId, personId })));
}

/** Any member schedules a demo; the presenters named manage it. */
export async function scheduleDemo(actorId: number, input: DemoInput): Promise<number> {
	const data = parseOrRefuse(demoSchema, input);
	if (data.startsAt.getTime() <= Date.now()) {
		throw new ServiceError('Choose a start in the future.', 'startsAt');
	}
	return withEvents(async (tx, record) => {
		await requireMember(tx, actorId);
		const seriesId = await seriesNamed(tx, actorId, data.series, data.everyWeeks);
		const [created] = await tx
			.insert(demo)
			.values({ ...columnsOf(data), seriesId, createdById: actorId })
			.returning();
		await setPresenters(tx, created.id, data.presenterIds);
		await scheduleReminder(tx, created);
		const payload = { demoId: created.id, title: created.title };
		await record(DEMOS_ROOM, 'demo.scheduled', payload, actorId);
		await record(demoRoom(created.id), 'demo.scheduled', payload, actorId);
		return created.id;
	});
}

/** Presenters change a scheduled demo; a new start time moves its reminder with it. */
export async function updateDemo(actorId: number, demoId: number, input: DemoInput) {
	const data = parseOrRefuse(demoSchema, input);
	return withEvents(async (tx, record) => {
		await requireManager(tx, actorId, demoId);
		const row = await lockDemo(tx, demoId);
		if (row.state !== 'scheduled')
			throw new ServiceError('A demo that has started cannot be rescheduled.');
		if (data.startsAt.getTime() <= Date.now()) {
			throw new ServiceError('Choose a start in the future.', 'startsAt');
		}
		const seriesId = await seriesNamed(tx, actorId, data.series, data.everyWeeks);
		const [moved] = await tx
			.update(demo)
			.set({ ...columnsOf(data), seriesId })
			.where(eq(demo.id, demoId))
			.returning();
		await setPresenters(tx, demoId, data.presenterIds);
		await scheduleReminder(tx, moved, row.startsAt);
		await announceChange(record, demoId, actorId);
	});
}

async function announceChange(record: RecordEvent, demoId: number, actorId: number) {
	await record(DEMOS_ROOM, 'demo.changed', { demoId }, actorId);
	await record(demoRoom(demoId), 'demo.changed', { demoId }, actorId);
}

/** A presenter starts the session: its clock counts from now, stamped on the server. */
export async function goLive(actorId: number, demoId: number): Promise<Date> {
	return withEvents(async (tx, record) => {
		await requireManager(tx, actorId, demoId);
		const row = await lockDemo(tx, demoId);
		if (row.state === 'live') throw new ServiceError('The demo is already live.');
		if (row.state === 'ended') throw new ServiceError('This demo has ended.');
		const [live] = await tx
			.update(demo)
			.set({ state: 'live', wentLiveAt: sql`now()` })
			.where(eq(demo.id, demoId))
			.returning();
		const payload = { demoId, wentLiveAt: live.wentLiveAt!.toISOString() };
		await record(DEMOS_ROOM, 'demo.live', payload, actorId);
		await record(demoRoom(demoId), 'demo.live', payload, actorId);
		return live.wentLiveAt!;
	});
}

/** A presenter ends the session; each presenter earns the presenting points (once). */
export async function endDemo(actorId: number, demoId: number): Promise<void> {
	return withEvents(async (tx, record) => {
		await requireManager(tx, actorId, demoId);
		const row = await lockDemo(tx, demoId);
		if (row.state !== 'live') throw new ServiceError('Only a live demo can be ended.');
		const [ended] = await tx
			.update(demo)
			.set({ state: 'ended', endedAt: sql`now()` })
			.where(eq(demo.id, demoId))
			.returning();
		for (const presenterId of await presentersOf(tx, demoId)) {
			await awardPointsIn(tx, record, {
				personId: presenterId,
				amount: PRESENTING_POINTS,
				sourceKind: 'demo.presented',
				sourceId: demoId,
				reason: `Presented “${row.title}”`,
				scopes: ['demos'],
				actorId
			});
		}
		const payload = { demoId, endedAt: ended.endedAt!.toISOString() };
		await record(DEMOS_ROOM, 'demo.ended', payload, actorId);
		await record(demoRoom(demoId), 'demo.ended', payload, actorId);
	});
}

/** Presenters link the recording (a media item) and nudge where the session starts in it. */
export async function setRecording(
	actorId: number,
	demoId: number,
	recording: { mediaId: number | null; offsetMs: number }
): Promise<void> {
	if (!Number.isInteger(recording.offsetMs) || Math.abs(recording.offsetMs) > 86_400_000) {
		throw new ServiceError(
			'The offset must be a whole number of milliseconds within a day.',
			'offset'
		);
	}
	return withEvents(async (tx, record) => {
		await requireManager(tx, actorId, demoId);
		await lockDemo(tx, demoId);
		await tx
			.update(demo)
			.set({ recordingMediaId: recording.mediaId, recordingOffsetMs: recording.offsetMs })
			.where(eq(demo.id, demoId));
		await announceChange(record, demoId, actorId);
	});
}

/** The presenters' names for a set of demos (one query for a page). */
export async function presenterNames(db: Executor, demoIds: number[]) {
	if (demoIds.length === 0) return new Map<number, { id: number; name: string }[]>();
	const rows = await db
		.select({ demoId: demoPresenter.demoId, id: person.id, name: person.name })
		.from(demoPresenter)
		.innerJoin(person, eq(person.id, demoPresenter.personId))
		.where(inArray(demoPresenter.demoId, demoIds))
		.orderBy(person.name);
	const byDemo = new Map<number, { id: number; name: string }[]>();
	for (const row of rows) {
		const list = byDemo.get(row.demoId) ?? [];
		list.push({ id: row.id, name: row.name });
		byDemo.set(row.demoId, list);
	}
	return byDemo;
}
