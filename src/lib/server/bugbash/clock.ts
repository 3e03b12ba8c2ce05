// Bashes start and end on their times even when no organiser presses the button. Each
// transition is one conditional UPDATE, so several nodes ticking at once move a bash once.
import { and, eq, gt, inArray, lte } from 'drizzle-orm';
import { bugBash } from '../db/schema';
import { onShutdown } from '../lifecycle';
import { withEvents } from '../realtime/events';
import { isDatabaseUnavailable, reportDatabaseOutage } from '../resilience';
import { bashRoom } from './service';

/** Starts the bashes whose start time has come and ends those whose end time has. */
export async function moveBashesOnTime(
	now = new Date()
): Promise<{ started: number[]; ended: number[] }> {
	return withEvents(async (tx, record) => {
		const started = await tx
			.update(bugBash)
			.set({ state: 'live', startedAt: now })
			.where(
				and(eq(bugBash.state, 'scheduled'), lte(bugBash.startsAt, now), gt(bugBash.endsAt, now))
			)
			.returning({ id: bugBash.id });
		const ended = await tx
			.update(bugBash)
			.set({ state: 'ended', endedAt: now })
			.where(and(inArray(bugBash.state, ['scheduled', 'live']), lte(bugBash.endsAt, now)))
			.returning({ id: bugBash.id });
		for (const { id } of started) {
			await record(bashRoom(id), 'bash.started', { onTime: true });
			await record('bugbashes', 'bash.started', { bashId: id });
		}
		for (const { id } of ended) {
			await record(bashRoom(id), 'bash.ended', { onTime: true });
			await record('bugbashes', 'bash.ended', { bashId: id });
		}
		return { started: started.map((r) => r.id), ended: ended.map((r) => r.id) };
	});
}

let clock: ReturnType<typeof setInterval> | undefined;

/** Ticks every few seconds: a countdown reaching zero sees its bash move within that. */
export function startBashClock(everyMs = 5_000): void {
	if (clock) clearInterval(clock);
	clock = setInterval(() => {
		moveBashesOnTime().catch((err) => {
			// The next tick catches up once the database is back.
			if (isDatabaseUnavailable(err)) reportDatabaseOutage(err, 'bug bash clock');
			else console.error('[bugbash] clock tick failed:', err);
		});
	}, everyMs);
	clock.unref();
	onShutdown('bugbash-clock', () => clearInterval(clock));
}
