// What people do while the faults happen: sign in, open pages, give kudos through the
// kudos form (as the enhanced form posts it) and watch the live wall with real
// socket.io-client connections.
import { randomUUID } from 'node:crypto';
import { io as connect, type Socket } from 'socket.io-client';
import type { RoomEventIn } from '../../src/lib/realtime/contract';
import { sleep } from './services';

/** A request gets this long before it counts as hung. */
export const HANG_MS = 12_000;

export interface Outcome {
	kind: 'page' | 'kudos';
	startedAt: number;
	ms: number;
	/** HTTP status, or 0 when the request hung or the connection failed. */
	status: number;
	/** kudos only: the form answered success, so the person saw "Kudos given". */
	acknowledged?: boolean;
	message?: string;
	/** What the error page or JSON error said. */
	said?: string;
}

/** Signs in through the login form and returns the session cookie. */
export async function signIn(base: string, email: string, password: string): Promise<string> {
	const response = await fetch(`${base}/login`, {
		method: 'POST',
		redirect: 'manual',
		headers: { origin: base, 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ email, password })
	});
	const cookie = response.headers
		.getSetCookie()
		.find((c) => c.startsWith('tandem_session='))
		?.split(';')[0];
	if (!cookie) throw new Error(`sign-in failed with ${response.status}`);
	return cookie;
}

async function timed(
	kind: Outcome['kind'],
	send: (signal: AbortSignal) => Promise<Response>
): Promise<{ outcome: Outcome; body: string }> {
	const startedAt = Date.now();
	try {
		const response = await send(AbortSignal.timeout(HANG_MS));
		const body = await response.text();
		return {
			outcome: { kind, startedAt, ms: Date.now() - startedAt, status: response.status },
			body
		};
	} catch {
		return { outcome: { kind, startedAt, ms: Date.now() - startedAt, status: 0 }, body: '' };
	}
}

/** Opens a page as a signed-in person. */
export async function openPage(base: string, cookie: string, path: string): Promise<Outcome> {
	const { outcome, body } = await timed('page', (signal) =>
		fetch(`${base}${path}`, { headers: { cookie, accept: 'text/html' }, signal })
	);
	if (outcome.status >= 500) outcome.said = body;
	return outcome;
}

export interface KudosFixture {
	recipientId: number;
	valueId: number;
}

/** Gives one kudos through the kudos form; `message` is unique so the database can be checked. */
export async function giveKudos(
	base: string,
	cookie: string,
	fixture: KudosFixture,
	message: string
): Promise<Outcome> {
	const form = new URLSearchParams({
		clientKey: randomUUID(),
		recipientIds: String(fixture.recipientId),
		message,
		valueId: String(fixture.valueId),
		points: '0'
	});
	const { outcome, body } = await timed('kudos', (signal) =>
		fetch(`${base}/kudos?/give`, {
			method: 'POST',
			headers: {
				cookie,
				origin: base,
				accept: 'application/json',
				'x-sveltekit-action': 'true',
				'content-type': 'application/x-www-form-urlencoded'
			},
			body: form,
			signal
		})
	);
	outcome.message = message;
	let answer: { type?: string; error?: { message?: string }; message?: string } = {};
	try {
		answer = JSON.parse(body);
	} catch {
		// A hung or refused request has no body.
	}
	outcome.acknowledged = outcome.status === 200 && answer.type === 'success';
	// An action's error comes as `{type:'error', error}`; one met before the action (resolving
	// the session) as the plain JSON error `{message, code}`.
	outcome.said = answer.error?.message ?? answer.message;
	return outcome;
}

export interface Traffic {
	outcomes: Outcome[];
	stop(): Promise<Outcome[]>;
}

/** `workers` people each alternate opening the wall and giving a kudos, until stopped. */
export function startTraffic(
	base: string,
	cookie: string,
	fixture: KudosFixture,
	workers = 3,
	pauseMs = 100
): Traffic {
	const outcomes: Outcome[] = [];
	let running = true;
	let n = 0;
	// Unique across runs against the same database, so a copy stored twice shows.
	const run = randomUUID().slice(0, 8);
	const loop = async (worker: number) => {
		while (running) {
			outcomes.push(await openPage(base, cookie, '/kudos'));
			outcomes.push(
				await giveKudos(base, cookie, fixture, `fault-suite kudos ${run}-${worker}-${n++}`)
			);
			await sleep(pauseMs);
		}
	};
	const loops = Array.from({ length: workers }, (_, i) => loop(i));
	return {
		outcomes,
		stop: async () => {
			running = false;
			await Promise.all(loops);
			return outcomes;
		}
	};
}

export interface Watcher {
	socket: Socket;
	/** `kudos.given` events received live, by message. */
	seen: Map<string, number>;
	/** The last seq of the kudos room this client applied. */
	lastSeq(): number;
	/** The messages of the kudos given after `after`, from the room event log. */
	catchUp(after: number): Promise<string[]>;
	close(): void;
}

/** A signed-in socket.io-client watching the kudos wall's room. */
export async function watchKudosWall(base: string, cookie: string): Promise<Watcher> {
	const socket = connect(base, {
		path: '/socket.io',
		transports: ['websocket'],
		extraHeaders: { cookie, origin: base },
		reconnectionDelay: 200,
		reconnectionDelayMax: 1_000
	});
	const seen = new Map<string, number>();
	let lastSeq = 0;
	socket.on('room:event', (event: RoomEventIn<'kudos'>) => {
		lastSeq = Math.max(lastSeq, event.seq);
		if (event.type === 'kudos.given' && 'card' in event.payload && event.payload.card.message)
			seen.set(event.payload.card.message, Date.now());
	});
	const join = () =>
		new Promise<void>((resolve, reject) => {
			socket
				.timeout(5_000)
				.emit('room:join', { room: 'kudos' }, (err: unknown, ack: { ok: boolean }) =>
					err || !ack.ok ? reject(new Error('could not join the kudos room')) : resolve()
				);
		});
	await new Promise<void>((resolve, reject) => {
		socket.once('connect', resolve);
		socket.once('connect_error', reject);
	});
	// As the browser client does: a handshake refused while the database is away
	// ("unavailable") is not retried by socket.io-client itself.
	socket.on('connect_error', (err) => {
		if (!socket.active && err.message === 'unavailable') setTimeout(() => socket.connect(), 300);
	});
	await join();
	// A reconnect (after a worker restart) joins the room again.
	socket.on('connect', () => void join().catch(() => {}));
	const catchUp = async (after: number) => {
		const answer = (await socket
			.timeout(5_000)
			.emitWithAck('room:resync', { room: 'kudos', after })) as {
			ok: boolean;
			events: RoomEventIn<'kudos'>[];
		};
		if (!answer.ok) throw new Error('catch-up refused');
		return answer.events.flatMap((e) =>
			e.type === 'kudos.given' && 'card' in e.payload ? [e.payload.card.message] : []
		);
	};
	return { socket, seen, lastSeq: () => lastSeq, catchUp, close: () => socket.close() };
}

/** Polls `check` every 100 ms until it holds; resolves with the time it took, or throws. */
export async function within(ms: number, check: () => boolean | Promise<boolean>): Promise<number> {
	const started = Date.now();
	while (Date.now() - started < ms) {
		if (await check()) return Date.now() - started;
		await sleep(100);
	}
	throw new Error(`not within ${ms} ms`);
}
