// Starts fanout-clients.js (N socket.io clients in their own process, so their work is
// not counted as the server's) and collects what they received.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/** `<phase or type>:<seq>` → receipt times (epoch ms), and `socket:<tally>` → one count per socket. */
export type Receipts = Record<string, number[]>;

export interface FanoutClients {
	pid: number;
	/** Closes the clients and answers their receipts (the child then exits by itself). */
	finish(): Promise<Receipts>;
}

const started = new Set<ChildProcess>();

/** Stops clients a failed benchmark left running (after DONE they exit by themselves). */
export function stopFanoutClients(): void {
	for (const child of started) if (child.exitCode === null) child.kill();
}

/**
 * Connects `count` sockets to `url` (socket i signs in with cookie i mod the number of
 * cookies) and joins them to `room`; resolves once all have joined.
 */
export async function startFanoutClients(
	url: string,
	cookies: string[],
	count: number,
	room: string
): Promise<FanoutClients> {
	const args = ['tests/load/fanout-clients.js', url, cookies.join(','), String(count), room];
	const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
	started.add(child);
	child.once('exit', () => started.delete(child));
	const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
	const first = await lines.next();
	if (first.value !== 'READY') throw new Error(`clients failed: ${first.value}`);
	return {
		pid: child.pid!,
		async finish(): Promise<Receipts> {
			child.stdin!.write('DONE\n');
			return JSON.parse((await lines.next()).value ?? '{}');
		}
	};
}
