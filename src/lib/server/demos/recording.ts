// A demo's recording: recorded from the presenter's browser during the session (uploaded
// while it is made) or uploaded afterwards. The media capability stores and serves it;
// this file decides who may attach one and aligns the log with it when it is ready.
import { eq } from 'drizzle-orm';
import { parseId } from '$lib/ids';
import { useDb, type Transaction } from '../db/client';
import type { MediaFile, MediaPurpose } from '../media';
import type { RecordEvent } from '../realtime';
import { DEMOS_ROOM, demoRoom } from './events';
import { mayManageDemo } from './service';
import { demo } from './schema';

/** The media purpose of a demo's recording (the upload's metadata names it). */
export const DEMO_RECORDING = 'demo-recording';

/**
 * Where the session starts in a recording that began at `recordingStartedAt` (both
 * stamped on the server): positive when recording began before going live. A file
 * uploaded afterwards, or a session that never went live, starts at 0 until nudged.
 */
export function recordingOffset(wentLiveAt: Date | null, recordingStartedAt: Date | null): number {
	if (!wentLiveAt || !recordingStartedAt) return 0;
	return wentLiveAt.getTime() - recordingStartedAt.getTime();
}

/** Only the demo's presenters (or an admin) attach its recording. */
async function mayAttachRecording(personId: number, meta: Record<string, string>) {
	const demoId = parseId(meta.demoId ?? '');
	const [found] = demoId
		? await useDb().select({ id: demo.id }).from(demo).where(eq(demo.id, demoId))
		: [];
	if (!demoId || !found) return 'That demo does not exist.';
	if (!(await mayManageDemo(personId, demoId))) {
		return 'Only the presenters of this demo (or an admin) can add its recording.';
	}
	return null;
}

/**
 * Links the ready file as the demo's recording. A recording made live started when its
 * upload was created (the row's stamp, the server's clock), which aligns the comment
 * offsets; a file uploaded afterwards starts aligned at 0 for the presenter to nudge.
 */
async function linkRecording(
	media: MediaFile,
	meta: Record<string, string>,
	tx: Transaction,
	record: RecordEvent
) {
	const demoId = parseId(meta.demoId ?? '');
	if (!demoId) return;
	const [row] = await tx.select().from(demo).where(eq(demo.id, demoId)).for('update');
	if (!row) return;
	const recordedLive = meta.source === 'live';
	const offsetMs = recordedLive ? recordingOffset(row.wentLiveAt, media.createdAt) : 0;
	await tx
		.update(demo)
		.set({ recordingMediaId: media.id, recordingOffsetMs: offsetMs })
		.where(eq(demo.id, demoId));
	await record(DEMOS_ROOM, 'demo.changed', { demoId }, media.ownerId);
	await record(demoRoom(demoId), 'demo.changed', { demoId }, media.ownerId);
}

export const demoMedia: Record<string, MediaPurpose> = {
	[DEMO_RECORDING]: { ready: linkRecording, accept: mayAttachRecording }
};
