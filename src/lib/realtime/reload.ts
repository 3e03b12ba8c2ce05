import { invalidate } from '$app/navigation';
import { RoomFeed } from './client.svelte';
import { liveDependency, type RoomEventIn, type RoomName } from './contract';

export interface ReloadOptions<R extends RoomName> {
	/** Only events this answers true for reload the data (default: every event). */
	filter?: (event: RoomEventIn<R>) => boolean;
	/** A burst of events within this many ms is one reload. */
	burstMs?: number;
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
	{ filter, burstMs = 150 }: ReloadOptions<R> = {}
): () => void {
	let pending: ReturnType<typeof setTimeout> | undefined;
	const reload = () => invalidate(liveDependency(room));
	const feed = new RoomFeed(room, {
		after,
		onEvent: (event) => {
			if (filter && !filter(event)) return;
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
