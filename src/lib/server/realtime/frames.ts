// Frames for large rooms: a company-wide demo would otherwise send every viewer one
// message per comment. Events published "framed" wait here (per room, on this node) and
// go out together every `frameMs`, one `room:frame` message carrying them all; clients
// apply each event in seq order exactly as if it had arrived alone.
import type { RoomEvent } from '$lib/realtime/contract';
import { metrics, moduleOfRoom } from '../metrics';
import { getIo } from './io';

export const frameLimits = {
	/** How long events wait to be sent together. */
	frameMs: 250,
	/** A frame never carries more than this many events (the next frame takes the rest). */
	maxEvents: 500
};

const waiting = new Map<string, RoomEvent[]>();
let timer: ReturnType<typeof setTimeout> | undefined;

/** Sends every waiting room's events, one frame per room. */
export function flushFrames(): void {
	timer = undefined;
	const io = getIo();
	for (const [room, events] of waiting) {
		// Commits of one room finish in seq order, but their after-commit callbacks can run
		// in any order (each transaction has its own connection): send a frame sorted.
		events.sort((a, b) => a.seq - b.seq);
		const frame = events.splice(0, frameLimits.maxEvents);
		if (events.length === 0) waiting.delete(room);
		if (!io || frame.length === 0) continue;
		io.to(room).emit('room:frame', { room, events: frame });
		metrics.eventsBroadcast.inc({ module: moduleOfRoom(room) }, frame.length);
	}
	if (waiting.size > 0) timer = setTimeout(flushFrames, frameLimits.frameMs);
}

/** Queues committed events for their rooms' next frame. */
export function publishFramed(events: RoomEvent[]): void {
	if (events.length === 0) return;
	for (const event of events) {
		const queue = waiting.get(event.room);
		if (queue) queue.push(event);
		else waiting.set(event.room, [event]);
	}
	timer ??= setTimeout(flushFrames, frameLimits.frameMs);
}
