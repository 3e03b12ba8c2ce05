// The facts of the support ticket and engineering issue linked to an escalation, which
// policy conditions read. The integrations module provides them (it re-evaluates clocks
// through this module, so this module cannot import it): one provider, set at register.
import type { IssueFacts, TicketFacts } from '$lib/integrations/schemas';
import type { Executor } from '../db/client';

export interface LinkedFacts {
	ticket: TicketFacts | null;
	issue: IssueFacts | null;
}
/** Answers the linked facts of each escalation asked about, in one read. */
export type LinkedFactsSource = (
	tx: Executor,
	escalationIds: number[]
) => Promise<Map<number, LinkedFacts>>;

const KEY = Symbol.for('tandem.sloLinkedFacts');
const store = globalThis as unknown as Record<symbol, LinkedFactsSource | undefined>;

/** Sets where linked ticket and issue facts come from (registering again replaces it). */
export function provideLinkedFacts(source: LinkedFactsSource): void {
	store[KEY] = source;
}

/** The escalations' linked ticket and issue facts, read in the caller's transaction. */
export async function linkedFactsOf(
	tx: Executor,
	escalationIds: number[]
): Promise<Map<number, LinkedFacts>> {
	const source = store[KEY];
	if (source && escalationIds.length > 0) return source(tx, escalationIds);
	return new Map(escalationIds.map((id) => [id, { ticket: null, issue: null }]));
}
