// What happens in the viewer's own room (`user:<id>`) as it happens. The layout follows
// that room (one feed per room per tab) and passes its events on through context, so a
// page showing the person's balance or their own things needs no second subscription.
import { getContext, setContext, untrack } from 'svelte';
import { invalidate } from '$app/navigation';
import type { RoomEventIn, UserRoom } from './events';

const KEY = Symbol('tandem.personal');

export class PersonalEvents {
	/** The newest balance heard live in this tab; null until one arrives. */
	balance = $state<number | null>(null);
	/** How many times the balance moved: pages react to a change, not to a value. */
	balanceChanges = $state(0);
	/** How many events of any kind arrived (a notice, a balance, a badge…). */
	changes = $state(0);

	heard(event: RoomEventIn<UserRoom>): void {
		this.changes += 1;
		if (event.type === 'balance') {
			this.balance = event.payload.points;
			this.balanceChanges += 1;
		}
	}
}

/** In the app layout: the one place the person's own events are received. */
export function providePersonalEvents(): PersonalEvents {
	return setContext(KEY, new PersonalEvents());
}

/** Reloads `dependency` whenever `count` moves after the page opened (component setup only). */
function reloadWhenMoved(dependency: string, count: (events: PersonalEvents) => number): void {
	const events = getContext<PersonalEvents | undefined>(KEY);
	if (!events) return;
	const opened = untrack(() => count(events));
	$effect(() => {
		if (count(events) !== opened) void invalidate(dependency);
	});
}

/** Reloads `dependency` when the viewer's balance moves (received, spent, refunded, reversed). */
export function reloadOnBalanceChange(dependency: string): void {
	reloadWhenMoved(dependency, (events) => events.balanceChanges);
}

/** Reloads `dependency` on anything that happens to the viewer (notices, balance, badges). */
export function reloadOnPersonalEvents(dependency: string): void {
	reloadWhenMoved(dependency, (events) => events.changes);
}
