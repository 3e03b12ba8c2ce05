import { invalidate } from '$app/navigation';
import { RoomFeed } from './client.svelte';
import { liveDependency, type RoomEventIn, type RoomName } from './contract';

export interface ReloadOptions<R extends RoomName> {
	/** Only events this answers true for reload the data (default: every event). */
	filter?: (event: RoomEventIn<R>) => boolean;
	/** A burst of events within this many ms is one reload. */
	burstMs?: number;
	/**
	 * The viewer's person id, on pages whose own changes go through forms: the form's answer
	 * reloaded the data already, and reloading again for one's own event would wipe the
	 * form's confirmation (superforms takes the reloaded form, which has no message).
	 */
	skipActor?: number;
}

/**
 * For pages whose data is simply reloaded when their room changes: joins `room` from
 * `after` (the seq the data was loaded at) and reloads the data its load declared with
 * `depends(liveDependency(room))`, once per burst of events. Call it inside an `$effect`,
 * which it answers the cleanup for.
 */
export function reloadOnRoomEvents<R extends RoomName>(
	room: R,
	after: number | undefined,
	{ filter, burstMs = 150, skipActor }: ReloadOptions<R> = {}
): () => void {
	let pending: ReturnType<typeof setTimeout> | undefined;
	const reload = () => invalidate(liveDependency(room));
	const feed = new RoomFeed(room, {
		after,
		onEvent: (event) => {
			if (filter && !filter(event)) return;
			if (skipActor !== undefined && event.actorId === skipActor) return;
			clearTimeout(pending);
			pending = setTimeout(() => void reload(), burstMs);
		},
		onReload: reload
	});
	return () => {
		clearTimeout(pending);
		feed.destroy();
	};
}
