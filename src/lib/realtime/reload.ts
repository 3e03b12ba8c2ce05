import { invalidate } from '$app/navigation';
import { RoomFeed } from './client.svelte';

/**
 * For pages whose data is simply reloaded when their room changes: joins `room` from
 * `after` (the seq the data was loaded at) and reloads `dependency` once per burst of
 * events. Call it inside an `$effect`, which it answers the cleanup for.
 */
export function reloadOnRoomEvents(
	room: string,
	dependency: string,
	after: number | undefined,
	burstMs = 150
): () => void {
	let pending: ReturnType<typeof setTimeout> | undefined;
	const reload = () => invalidate(dependency);
	const feed = new RoomFeed(room, {
		after,
		onEvent: () => {
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
