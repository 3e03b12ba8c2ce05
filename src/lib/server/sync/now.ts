// The time the monthly sync's job and regeneration rules run at (a test moves it).
const KEY = Symbol.for('tandem.syncNow');
const store = globalThis as unknown as Record<symbol, (() => Date) | undefined>;

/** The time the monthly sync runs at: the wall clock, or a test's controlled one. */
export function syncNow(): Date {
	return store[KEY]?.() ?? new Date();
}

/** Replaces the sync clock's "now" (tests); null goes back to the wall clock. */
export function setSyncNow(now: (() => Date) | null): void {
	store[KEY] = now ?? undefined;
}
