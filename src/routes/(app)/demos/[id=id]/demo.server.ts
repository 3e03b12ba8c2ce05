// What the demo's pages share: the demo from the address (404 when there is none) and its
// room's live position, read before the data.
import { error } from '@sveltejs/kit';
import { routeId } from '$lib/ids';
import { liveDependency } from '$lib/realtime/events';
import { demoDetail, demoRoom } from '$lib/server/demos';
import { latestSeq } from '$lib/server/realtime';

export async function demoFromParams(params: { id: string }) {
	const demoId = routeId(params.id);
	const demo = await demoDetail(demoId);
	if (!demo) error(404, 'No such demo.');
	return { demoId, demo };
}

/** For a load: the demo, and the room position its live updates start from. */
export async function liveDemo(event: {
	params: { id: string };
	depends: (...deps: `${string}:${string}`[]) => void;
}) {
	const room = demoRoom(routeId(event.params.id));
	event.depends(liveDependency(room));
	// The log position first: anything committed after it arrives as a live event.
	const after = await latestSeq(room);
	return { after, ...(await demoFromParams(event.params)) };
}

/** How long the session ran (or is planned to run), for the timeline. */
export function sessionLength(demo: {
	wentLiveAt: Date | null;
	endedAt: Date | null;
	lengthMinutes: number;
}): number {
	if (demo.wentLiveAt && demo.endedAt) return demo.endedAt.getTime() - demo.wentLiveAt.getTime();
	return demo.lengthMinutes * 60_000;
}
