// Other modules react to escalation changes inside the same transaction (the SLO clocks
// re-evaluate) without the escalations module knowing them: they register a listener
// here, through the module registry, and every write calls them before it commits.
import type { Transaction } from '../db/client';
import type { RecordEvent } from '../realtime';

/** What changed: the escalation, and which of its facts moved. */
export interface EscalationChange {
	escalationId: number;
	cause: 'opened' | 'status' | 'assignee' | 'comment' | 'customer';
	/** The person whose action it was. */
	actorId: number;
}

export type EscalationChangeListener = (
	tx: Transaction,
	record: RecordEvent,
	change: EscalationChange
) => Promise<void>;

const KEY = Symbol.for('tandem.escalationListeners');
const store = globalThis as unknown as Record<
	symbol,
	Map<string, EscalationChangeListener> | undefined
>;

function listeners(): Map<string, EscalationChangeListener> {
	return (store[KEY] ??= new Map());
}

/** Calls `listener` on every escalation change; registering a name again replaces it. */
export function onEscalationChange(name: string, listener: EscalationChangeListener): void {
	listeners().set(name, listener);
}

/** Tells every listener, in the writer's transaction: what they write commits with it. */
export async function escalationChangedIn(
	tx: Transaction,
	record: RecordEvent,
	change: EscalationChange
): Promise<void> {
	for (const listener of listeners().values()) await listener(tx, record, change);
}
