// A bash's board kept live in the browser: applies the room's events to the cards, and
// refetches the bash leaderboards when points may have moved.
import type { BoardBug } from '$lib/bugbash/board';
import { RoomFeed } from '$lib/realtime/client.svelte';
import type { BashRoom, RoomEventIn } from '$lib/realtime/contract';

export interface Ranked {
	rank: number;
	subjectId: number;
	name: string;
	points: number;
}
export interface Standings {
	people: Ranked[];
	departments: Ranked[];
}

type BashEvent = RoomEventIn<BashRoom>;

export class LiveBoard {
	bugs = $state<BoardBug[]>([]);
	standings = $state<Standings>({ people: [], departments: [] });
	/** The newest finds, for TV mode's ticker. */
	lastEvent = $state<BashEvent | null>(null);
	/** What a screen reader is told about the latest live arrival (an aria-live region). */
	announcement = $state('');
	readonly feed: RoomFeed<BashRoom>;
	private refresh: ReturnType<typeof setTimeout> | undefined;

	constructor(
		private readonly bashId: number,
		initial: { bugs: BoardBug[]; standings: Standings; after: number },
		private readonly onLifecycle: () => void
	) {
		this.bugs = initial.bugs;
		this.standings = initial.standings;
		this.feed = new RoomFeed(`bugbash:${bashId}` as const, {
			after: initial.after,
			presence: true,
			onEvent: (event) => this.apply(event),
			onReload: onLifecycle
		});
	}

	private apply(event: BashEvent): void {
		this.lastEvent = event;
		switch (event.type) {
			case 'bug.logged': {
				const logged = event.payload;
				if (this.bugs.some((b) => b.id === logged.id)) return;
				// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a value, never mutated
				const createdAt = new Date(logged.createdAt);
				this.bugs = [{ ...logged, createdAt }, ...this.bugs];
				this.announcement = `New bug #${logged.id} in ${logged.area} from ${logged.reporterName}: ${logged.title}`;
				return;
			}
			case 'bug.triaged': {
				const triaged = event.payload;
				this.update(triaged.bugId, {
					status: triaged.status,
					...('severity' in triaged ? { severity: triaged.severity } : {}),
					duplicateOfId: triaged.status === 'duplicate' ? triaged.duplicateOfId : null
				});
				this.refreshStandings();
				return;
			}
			case 'bug.edited': {
				const { bugId, ...card } = event.payload;
				this.update(bugId, card);
				return;
			}
			case 'bug.escalated':
				this.update(event.payload.bugId, {
					status: 'escalated',
					escalationId: event.payload.escalationId
				});
				return;
			case 'comment.added':
				if (event.payload.bugId)
					this.update(event.payload.bugId, (b) => ({ comments: b.comments + 1 }));
				return;
			case 'comment.deleted':
				if (event.payload.bugId)
					this.update(event.payload.bugId, (b) => ({ comments: Math.max(b.comments - 1, 0) }));
				return;
			case 'bug.confirmed':
				this.update(event.payload.bugId, (b) => ({ confirmations: b.confirmations + 1 }));
				return;
			case 'bash.started':
			case 'bash.ended':
				this.onLifecycle();
		}
	}

	private update(
		bugId: number,
		change: Partial<BoardBug> | ((bug: BoardBug) => Partial<BoardBug>)
	): void {
		this.bugs = this.bugs.map((b) =>
			b.id === bugId ? { ...b, ...(typeof change === 'function' ? change(b) : change) } : b
		);
	}

	/** Points move on triage; a burst of decisions is folded into one fetch. */
	private refreshStandings(): void {
		clearTimeout(this.refresh);
		this.refresh = setTimeout(async () => {
			try {
				const response = await fetch(`/bugbash/${this.bashId}/standings`);
				if (response.ok) this.standings = await response.json();
			} catch {
				// Offline for a moment: the next points event fetches them again.
			}
		}, 300);
	}

	destroy(): void {
		clearTimeout(this.refresh);
		this.feed.destroy();
	}
}
