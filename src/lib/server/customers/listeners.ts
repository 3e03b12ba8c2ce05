// Other modules keep figures about customers (a feature request's ARR and customers at
// risk). They register a listener here, through the module registry, and every write that
// changes a customer's facts calls them inside its transaction, so the figures commit with
// the change and the customers module needs to know none of them.
import type { Transaction } from '../db/client';
import type { RecordEvent } from '../realtime';

export type CustomerChangeListener = (
	tx: Transaction,
	record: RecordEvent,
	customerIds: number[]
) => Promise<void>;

const KEY = Symbol.for('tandem.customerListeners');
const store = globalThis as unknown as Record<
	symbol,
	Map<string, CustomerChangeListener> | undefined
>;

function listeners(): Map<string, CustomerChangeListener> {
	return (store[KEY] ??= new Map());
}

/** Calls `listener` whenever customers' ARR, renewal or sentiment may have changed. */
export function onCustomerChange(name: string, listener: CustomerChangeListener): void {
	listeners().set(name, listener);
}

/** Tells every listener, in the writer's transaction. */
export async function customersChangedIn(
	tx: Transaction,
	record: RecordEvent,
	customerIds: number[]
): Promise<void> {
	if (customerIds.length === 0) return;
	for (const listener of listeners().values()) await listener(tx, record, customerIds);
}
