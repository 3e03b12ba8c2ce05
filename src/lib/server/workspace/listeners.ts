// Other modules count time in the working calendar (the SLO clocks' business minutes). They
// register a listener here, through the module registry, and every write that changes the
// calendar (business hours, holidays, the time zone) calls them inside its transaction with
// the calendar as it was, so what they derive from it commits with the change.
import type { BusinessCalendar } from '$lib/business-time';
import type { Transaction } from '../db/client';
import type { RecordEvent } from '../realtime';

export type CalendarChangeListener = (
	tx: Transaction,
	record: RecordEvent,
	before: BusinessCalendar
) => Promise<void>;

const KEY = Symbol.for('tandem.calendarListeners');
const store = globalThis as unknown as Record<
	symbol,
	Map<string, CalendarChangeListener> | undefined
>;

function listeners(): Map<string, CalendarChangeListener> {
	return (store[KEY] ??= new Map());
}

/** Calls `listener` whenever the business hours, holidays or time zone change. */
export function onCalendarChange(name: string, listener: CalendarChangeListener): void {
	listeners().set(name, listener);
}

/** Tells every listener, in the writer's transaction, after the change was written. */
export async function calendarChangedIn(
	tx: Transaction,
	record: RecordEvent,
	before: BusinessCalendar
): Promise<void> {
	for (const listener of listeners().values()) await listener(tx, record, before);
}
