// Shutdown hooks run by the plain-Node production entry (src/cli/start.js), which cannot
// import $lib: both sides meet on a globalThis key.
type ShutdownHook = () => Promise<void> | void;

const KEY = Symbol.for('tandem.shutdownHooks');
const store = globalThis as unknown as Record<symbol, Map<string, ShutdownHook> | undefined>;

function hooks(): Map<string, ShutdownHook> {
	return (store[KEY] ??= new Map());
}

/**
 * Registers (or replaces, after a hot reload) a named hook run on SIGTERM/SIGINT. Hooks run
 * in order; `first` puts this one ahead, for work that still needs the database's pool.
 */
export function onShutdown(
	name: string,
	hook: ShutdownHook,
	options: { first?: boolean } = {}
): void {
	const all = hooks();
	if (!options.first) {
		all.set(name, hook);
		return;
	}
	const rest = [...all].filter(([other]) => other !== name);
	all.clear();
	all.set(name, hook);
	for (const [other, otherHook] of rest) all.set(other, otherHook);
}
