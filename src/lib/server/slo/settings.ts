// What every SLO evaluation reads besides the escalation itself: the enabled policies in
// order, the business calendar and the workspace's time zone. They change rarely and are
// read on every change to an escalation and by every trigger sweep, so they are cached per
// process. Every edit to them records an event in the policies' or the workspace's room in
// its own transaction, so those rooms' stamp (one small read) tells a node that another
// node changed them: the cache is never stale across nodes.
import { asc, eq } from 'drizzle-orm';
import type { BusinessCalendar } from '$lib/business-time';
import type { Executor } from '../db/client';
import { roomsStamp } from '../realtime';
import { getBusinessCalendar, WORKSPACE_ROOM } from '../workspace';
import { SLO_POLICIES_ROOM } from './events';
import { sloPolicy } from './schema';

export type Policy = typeof sloPolicy.$inferSelect;

export interface SloSettings {
	/** The enabled policies, in the order they are tried. */
	policies: Policy[];
	calendar: BusinessCalendar;
	timeZone: string;
}

const ROOMS = [SLO_POLICIES_ROOM, WORKSPACE_ROOM];
const KEY = Symbol.for('tandem.sloSettings');
const store = globalThis as unknown as Record<
	symbol,
	{ stamp: string; settings: SloSettings } | undefined
>;

/** The enabled policies, in the order they are tried. */
export async function policiesIn(tx: Executor): Promise<Policy[]> {
	return tx
		.select()
		.from(sloPolicy)
		.where(eq(sloPolicy.enabled, true))
		.orderBy(asc(sloPolicy.position), asc(sloPolicy.id));
}

/** Reads the settings afresh (a transaction that is changing them must see its own change). */
export async function loadSloSettings(tx: Executor): Promise<SloSettings> {
	const calendar = await getBusinessCalendar(tx);
	return { policies: await policiesIn(tx), calendar, timeZone: calendar.timeZone };
}

/** The settings as `tx` sees them: from the cache while nothing changed, else read and kept. */
export async function sloSettingsIn(tx: Executor): Promise<SloSettings> {
	const stamp = await roomsStamp(tx, ROOMS);
	const cached = store[KEY];
	if (cached?.stamp === stamp) return cached.settings;
	const settings = await loadSloSettings(tx);
	store[KEY] = { stamp, settings };
	return settings;
}

/** Drops this node's cached settings (the working calendar changed in this transaction). */
export function forgetSloSettings(): void {
	store[KEY] = undefined;
}
