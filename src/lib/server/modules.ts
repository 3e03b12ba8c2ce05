// THE registry: every module Tandem has, in the order its demo data is created. Hooks,
// the navigation, the admin menu and the demo seed read it; adding a module is one
// folder under src/lib/server, one line here, and its routes.
import { bugbash } from './bugbash';
import { customers } from './customers';
import { demos } from './demos';
import { escalations } from './escalations';
import { hackathons } from './hackathons';
import { insights } from './insights';
import { integrations } from './integrations';
import { kudos } from './kudos';
import { ledger } from './ledger';
import { orgPlatform } from './org';
import { raci } from './raci';
import { requests } from './requests';
import { workspacePlatform } from './workspace';
import type { TandemModule } from './module';
import { registerJobHandler } from './jobs';
import { onMediaReady } from './media';
import { registerCommand, registerRoomPolicy } from './realtime';
import { rewards } from './rewards';
import { slo } from './slo';
import { sync } from './sync';

export type { TandemModule, NavEntry } from './module';

export const MODULES: readonly TandemModule[] = [
	customers,
	bugbash,
	escalations,
	kudos,
	rewards,
	hackathons,
	slo,
	integrations,
	demos,
	raci,
	requests,
	insights,
	sync,
	ledger,
	orgPlatform,
	workspacePlatform
];

const KEY = Symbol.for('tandem.modules.started');
const store = globalThis as unknown as Record<symbol, boolean | undefined>;

/** Registers every module's room policies, socket commands, job handlers and media purposes (a hot reload replaces them). */
export function registerModules(): void {
	for (const module of MODULES) {
		for (const [prefix, policy] of Object.entries(module.rooms ?? {})) {
			registerRoomPolicy(prefix, policy);
		}
		for (const [type, command] of Object.entries(module.commands ?? {})) {
			registerCommand(type, command);
		}
		for (const [kind, handler] of Object.entries(module.jobs ?? {})) {
			registerJobHandler(kind, handler);
		}
		module.register?.();
		for (const [purpose, { ready, accept }] of Object.entries(module.media ?? {})) {
			onMediaReady(purpose, ready, accept);
		}
	}
}

/** Starts what each module runs in the background on every node, once per process. */
export async function startModules(): Promise<void> {
	if (store[KEY]) return;
	store[KEY] = true;
	for (const module of MODULES) await module.start?.();
}

/** The main navigation: Home and People, then each module's entry, then the leaderboard. */
export function navigation() {
	return MODULES.flatMap((module) => (module.nav ? [module.nav] : []));
}

/** The admin menu's module entries (after the platform's own pages). */
export function adminNavigation() {
	return MODULES.flatMap((module) => (module.admin ? [module.admin] : []));
}

/** Creates every module's demo data, in registry order, for the demo people. */
export async function seedModules(people: Map<string, number>): Promise<void> {
	for (const module of MODULES) await module.seed?.(people);
}
