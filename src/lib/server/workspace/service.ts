// Admins' changes to the workspace settings. Each is one transaction that checks the
// actor is an active admin, changes the row and records a `workspace` room event; the
// node's remembered settings are dropped after the commit.
import { eq } from 'drizzle-orm';
import type { Span } from '$lib/workspace/hours';
import { isPublicEmailDomain } from '$lib/workspace/schemas';
import type { Transaction } from '../db/client';
import { ServiceError } from '../errors';
import { closeSignupDomain, normaliseDomain, openSignupDomain } from '../auth';
import { requireActiveAdmin } from '../org';
import { withEvents, type RecordEvent } from '../realtime';
import { WORKSPACE_ROOM } from './events';
import { isCalendarDate, isIanaTimeZone, isStorableWeek } from './rules';
import { holiday, workspace } from './schema';
import { calendarChangedIn } from './listeners';
import { forgetWorkspace, getBusinessCalendar } from './queries';

/** Runs an admin's settings change: admin checked inside, the cache dropped after commit. */
async function asAdmin<T>(
	actorId: number,
	doing: string,
	change: (tx: Transaction, record: RecordEvent) => Promise<T>
): Promise<T> {
	try {
		return await withEvents(async (tx, record) => {
			await requireActiveAdmin(tx, actorId, doing);
			return change(tx, record);
		});
	} finally {
		forgetWorkspace();
	}
}

/**
 * Runs a change to the working calendar: listeners (the SLO clocks) hear of it in the same
 * transaction, with the calendar as it was before.
 */
async function changingCalendar<T>(
	tx: Transaction,
	record: RecordEvent,
	change: () => Promise<T>
): Promise<T> {
	const before = await getBusinessCalendar(tx);
	const result = await change();
	await calendarChangedIn(tx, record, before);
	return result;
}

/** The row exists from the migrations on; this keeps a write working if it was removed. */
async function ensureRow(tx: Transaction): Promise<void> {
	await tx.insert(workspace).values({ id: 1 }).onConflictDoNothing();
}

/** Renames the workspace and sets its time zone (an IANA name: leaderboards count in it). */
export async function saveWorkspaceSettings(
	actorId: number,
	input: { name: string; timeZone: string }
): Promise<void> {
	const name = input.name.trim();
	if (!name || name.length > 60 || name.includes('\0'))
		throw new ServiceError('Give the workspace a name of up to 60 characters.', 'name');
	if (!isIanaTimeZone(input.timeZone)) {
		throw new ServiceError('Choose a time zone from the list, like Europe/Berlin.', 'timeZone');
	}
	await asAdmin(actorId, 'change the workspace settings', async (tx, record) => {
		await ensureRow(tx);
		const [row] = await tx
			.select({ timeZone: workspace.timeZone })
			.from(workspace)
			.where(eq(workspace.id, 1))
			.for('update');
		const save = async () => {
			await tx
				.update(workspace)
				.set({ name, timeZone: input.timeZone, settingsSavedAt: new Date() })
				.where(eq(workspace.id, 1));
			await record(
				WORKSPACE_ROOM,
				'workspace.settings',
				{ name, timeZone: input.timeZone },
				actorId
			);
		};
		// Only a new time zone moves the business hours (a rename changes no clock).
		if (row?.timeZone === input.timeZone) await save();
		else await changingCalendar(tx, record, save);
	});
}

/** Replaces the week's business hours (a weekday without spans is closed). */
export async function saveBusinessHours(actorId: number, spans: Span[]): Promise<void> {
	if (!isStorableWeek(spans)) {
		throw new ServiceError('Business hours must start before they end and may not overlap.');
	}
	const week = [...spans]
		.sort((a, b) => a.weekday - b.weekday || a.startMinute - b.startMinute)
		.map(({ weekday, startMinute, endMinute }) => ({ weekday, startMinute, endMinute }));
	await asAdmin(actorId, 'change the business hours', async (tx, record) => {
		await ensureRow(tx);
		await changingCalendar(tx, record, async () => {
			await tx.update(workspace).set({ businessHours: week }).where(eq(workspace.id, 1));
			await record(WORKSPACE_ROOM, 'workspace.hours', { spans: week.length }, actorId);
		});
	});
}

/** Adds a holiday (a local date); the same date twice is refused next to the field. */
export async function addHoliday(actorId: number, day: string, label: string): Promise<void> {
	if (!isCalendarDate(day)) {
		throw new ServiceError('Choose a real date between 2000 and 2100.', 'day');
	}
	const clean = label.trim();
	if (!clean || clean.length > 80 || clean.includes('\0'))
		throw new ServiceError('Say what the holiday is.', 'label');
	await asAdmin(actorId, 'change the holidays', (tx, record) =>
		changingCalendar(tx, record, async () => {
			const added = await tx
				.insert(holiday)
				.values({ day, label: clean })
				.onConflictDoNothing()
				.returning({ day: holiday.day });
			if (added.length === 0) throw new ServiceError(`${day} is already a holiday.`, 'day');
			await record(WORKSPACE_ROOM, 'workspace.holidays', { day, added: true }, actorId);
		})
	);
}

export async function removeHoliday(actorId: number, day: string): Promise<void> {
	await asAdmin(actorId, 'change the holidays', (tx, record) =>
		changingCalendar(tx, record, async () => {
			const removed = await tx
				.delete(holiday)
				.where(eq(holiday.day, day))
				.returning({ day: holiday.day });
			if (removed.length === 0) throw new ServiceError('That holiday is not on the list.');
			await record(WORKSPACE_ROOM, 'workspace.holidays', { day, added: false }, actorId);
		})
	);
}

/** How much a member's bash may pay per bug and as first-find bonus before an admin approves it. */
export async function saveBashCaps(
	actorId: number,
	caps: { bashPointsCap: number; bashFirstBonusCap: number }
): Promise<void> {
	for (const [field, value] of Object.entries(caps)) {
		if (!Number.isInteger(value) || value < 0 || value > 100) {
			throw new ServiceError('Between 0 and 100 points.', field);
		}
	}
	await asAdmin(actorId, 'change the bug bash caps', async (tx, record) => {
		await ensureRow(tx);
		await tx.update(workspace).set(caps).where(eq(workspace.id, 1));
		await record(WORKSPACE_ROOM, 'workspace.caps', caps, actorId);
	});
}

/**
 * Opens sign-up to everyone with an address at `domain`. A public mail provider
 * (gmail.com…) would open the workspace to the world: refused unless `acceptPublic`.
 */
export async function openSignupFor(
	actorId: number,
	domain: string,
	acceptPublic: boolean
): Promise<void> {
	const clean = normaliseDomain(domain);
	if (isPublicEmailDomain(clean) && !acceptPublic) {
		throw new ServiceError(
			`${clean} is a public email provider: anyone in the world can get an address there and join. Tick the box below if you really mean it.`,
			'domain'
		);
	}
	await asAdmin(actorId, 'change who may sign up', async (tx, record) => {
		if (await openSignupDomain(actorId, clean, tx)) {
			await record(WORKSPACE_ROOM, 'workspace.domains', { domain: clean, open: true }, actorId);
		}
	});
}

export async function closeSignupFor(actorId: number, domain: string): Promise<void> {
	const clean = normaliseDomain(domain);
	await asAdmin(actorId, 'change who may sign up', async (tx, record) => {
		if (await closeSignupDomain(clean, tx)) {
			await record(WORKSPACE_ROOM, 'workspace.domains', { domain: clean, open: false }, actorId);
		}
	});
}

/** Puts the first-run checklist away for every admin. */
export async function dismissChecklist(actorId: number): Promise<void> {
	await asAdmin(actorId, 'put the checklist away', async (tx, record) => {
		await ensureRow(tx);
		await tx.update(workspace).set({ checklistDismissedAt: new Date() }).where(eq(workspace.id, 1));
		await record(WORKSPACE_ROOM, 'workspace.checklist', { dismissed: true }, actorId);
	});
}
