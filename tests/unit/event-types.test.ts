// The typed event contract, proved by the compiler: `npm run check` fails when a line
// marked @ts-expect-error compiles, so recording an unknown event, a wrong payload or an
// event in a room that does not carry it can never become legal again unnoticed.
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Socket as ClientSocket } from 'socket.io-client';
import {
	liveDependency,
	type AnyRoomEvent,
	type ClientToServerEvents,
	type RoomEventIn,
	type RoomEventOf,
	type RoomName,
	type ServerToClientEvents
} from '../../src/lib/realtime/contract';
import type { RecordEvent } from '../../src/lib/server/realtime';
import type { LiveSocket } from '../../src/lib/server/realtime';

/** Never run: what the writers may and may not record. */
async function recordings(record: RecordEvent) {
	await record('bugbash:7', 'bug.confirmed', { bugId: 3, personId: 9 }, 9);
	await record('bugbashes', 'bash.started', { bashId: 7, onTime: true });
	await record('user:9', 'balance', { points: 12 });
	await record('user:9', 'notice', {
		id: 1,
		kind: 'bug.accepted',
		text: 'x',
		href: null,
		unread: 1
	});

	// @ts-expect-error an event no module declares
	await record('bugbash:7', 'bug.vanished', { bugId: 3 });
	// @ts-expect-error a payload missing a field (`personId`)
	await record('bugbash:7', 'bug.confirmed', { bugId: 3 });
	// @ts-expect-error a payload field of the wrong type
	await record('bugbash:7', 'bug.confirmed', { bugId: '3', personId: 9 });
	// @ts-expect-error a real event in a room that does not carry it
	await record('kudos', 'bug.logged', { bugId: 3 });
	// @ts-expect-error the list room carries lifecycle events only
	await record('bugbashes', 'bug.confirmed', { bugId: 3, personId: 9 });
	// @ts-expect-error a room nobody declares
	await record('secret:1', 'balance', { points: 1 });
	// @ts-expect-error a triage that says accepted must carry its severity and points
	await record('bugbash:7', 'bug.triaged', { bugId: 3, status: 'accepted' });
}

/** Never run: what a page sees is narrowed by `switch (event.type)`, no casts. */
function narrowing(event: RoomEventIn<'bugbash:7'>) {
	switch (event.type) {
		case 'bug.logged':
			expectTypeOf(event.payload.title).toEqualTypeOf<string>();
			expectTypeOf(event.payload.createdAt).toEqualTypeOf<string>();
			break;
		case 'bug.triaged':
			if (event.payload.status === 'duplicate')
				expectTypeOf(event.payload.duplicateOfId).toEqualTypeOf<number>();
			break;
		// @ts-expect-error a bash's room never carries kudos
		case 'kudos.given':
			break;
	}
}

describe('the event contract', () => {
	it('types each room by the events it carries', () => {
		expectTypeOf<RoomEventIn<'bugbashes'>['type']>().toEqualTypeOf<
			'bash.created' | 'bash.started' | 'bash.ended' | 'bash.approval'
		>();
		expectTypeOf<RoomEventIn<'user:3'>['type']>().toEqualTypeOf<
			'notice' | 'notifications.read' | 'balance' | 'badge'
		>();
		expectTypeOf<RoomEventIn<'online'>>().toBeNever();
		expectTypeOf<RoomEventOf<'kudos.settings'>['payload']>().toEqualTypeOf<{
			monthlyAllowance: number;
			maxPointsPerKudos: number;
			crossDepartmentBonus: number;
		}>();
		// What a hidden kudos leaves of its events is part of what a reader may receive.
		expectTypeOf<RoomEventOf<'kudos.given'>['payload']>().toExtend<
			{ kudosId: number; card: { message: string } } | { kudosId: number; redacted: true }
		>();
		expectTypeOf<AnyRoomEvent>().toExtend<{ type: string; seq: number }>();
		expectTypeOf<'bugbash:42'>().toExtend<RoomName>();
		expectTypeOf<'bugbash:abc'>().not.toExtend<RoomName>();
		expect([recordings, narrowing].every((f) => typeof f === 'function')).toBe(true);
	});

	it('types both ends of the socket from one interface', () => {
		type Browser = ClientSocket<ServerToClientEvents, ClientToServerEvents>;
		expectTypeOf<Parameters<Browser['emit']>[0]>().toEqualTypeOf<keyof ClientToServerEvents>();
		expectTypeOf<Parameters<LiveSocket['emit']>[0]>().toEqualTypeOf<keyof ServerToClientEvents>();
		expectTypeOf<Parameters<ServerToClientEvents['room:event']>[0]>().toEqualTypeOf<AnyRoomEvent>();
	});

	it('derives a page load dependency from its room name', () => {
		expect(liveDependency('bugbash:42')).toBe('live:bugbash:42');
		expect(liveDependency('kudos')).toBe('live:kudos');
		expectTypeOf(liveDependency('escalation:5')).toEqualTypeOf<'live:escalation:5'>();
		// @ts-expect-error only rooms of the contract have a dependency key
		liveDependency('bugbash');
	});
});
