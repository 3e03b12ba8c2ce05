// Shutdown hooks run by the plain-Node production entry (src/cli/start.js), which cannot
// import $lib: both sides meet on a globalThis key.
type ShutdownHook = () => Promise<void> | void;

const KEY = Symbol.for('tandem.shutdownHooks');
const store = globalThis as unknown as Record<symbol, Map<string, ShutdownHook> | undefined>;

function hooks(): Map<string, ShutdownHook> {
	return (store[KEY] ??= new Map());
}

/** Registers (or replaces, after a hot reload) a named hook run on SIGTERM/SIGINT. */
export function onShutdown(name: string, hook: ShutdownHook): void {
	hooks().set(name, hook);
}
