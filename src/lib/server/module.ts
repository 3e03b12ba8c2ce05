import type { JobHandler } from './jobs';
import type { MediaPurpose } from './media';
import type { CommandHandler, RoomPolicy } from './realtime';

/** A link in the main navigation or the admin menu. */
export interface NavEntry {
	href: string;
	label: string;
}

/**
 * What a module tells the platform about itself; its `index.ts` exports one. Everything is
 * optional: a module without rooms has no live updates, one without `nav` no menu entry.
 */
export interface TandemModule {
	/** Short and stable: also the prefix of its rooms and ledger scopes. */
	id: string;
	nav?: NavEntry;
	admin?: NavEntry;
	/** Who may join the module's rooms, by room prefix (`bugbash` for `bugbash:42`). */
	rooms?: Record<string, RoomPolicy>;
	/** Socket commands by type (`bugbash.triage`). */
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	commands?: Record<string, CommandHandler<any, object>>;
	/** Handlers of the module's durable jobs, by job kind (`bugbash.clock`). */
	jobs?: Record<string, JobHandler>;
	/** What the module does with uploaded media of its purposes, by purpose (`escalation-recording`). */
	media?: Record<string, MediaPurpose>;
	/** Demo data for the demo people (keyed by email). */
	seed?: (people: Map<string, number>) => Promise<void>;
	/** Hooks into other modules (their change listeners), each time the modules are registered. */
	register?: () => void;
	/** Work every node runs in the background, e.g. a clock (once per process). */
	start?: () => void | Promise<void>;
}
