// Throttle rows outlive their use (every unknown email typed at sign-in leaves one), so a
// recurring job deletes the ones that no longer hold anything back.
import { useDb } from '../db/client';
import { registerJobHandler, scheduleRecurringJob, type JobHandler } from '../jobs';
import { pruneSignUpThrottles } from './signup';
import { pruneLoginThrottles } from './throttle';

export const PRUNE_THROTTLES = 'auth.prune-throttles';
const EVERY_MS = 10 * 60_000;

const pruneThrottles: JobHandler = async ({ tx }) => {
	await pruneLoginThrottles(tx);
	await pruneSignUpThrottles(tx);
};

// Registered on import, like the outbox's delivery job: every node can run it.
registerJobHandler(PRUNE_THROTTLES, pruneThrottles);

/** Schedules the pruning job once per deployment (safe to call at every start-up). */
export async function startAuthHousekeeping(everyMs = EVERY_MS): Promise<void> {
	await scheduleRecurringJob(useDb(), { kind: PRUNE_THROTTLES, key: PRUNE_THROTTLES, everyMs });
}
