// Screen recordings on an escalation: support records (or uploads) what the customer sees
// so engineering can watch it. The media capability stores and serves the video; this
// file decides who may attach one and links it when the upload is ready.
import { eq, inArray } from 'drizzle-orm';
import { parseId } from '$lib/ids';
import { useDb, type Transaction } from '../db/client';
import type { MediaFile, MediaPurpose } from '../media';
import { readyMedia } from '../media';
import { person } from '../org';
import type { RecordEvent } from '../realtime';
import { escalationRoom } from './events';
import { escalation, escalationRecording } from './schema';

/** The media purpose of an escalation's recordings (the upload's metadata names it). */
export const ESCALATION_RECORDING = 'escalation-recording';

async function attachableEscalation(id: number | null) {
	if (!id) return null;
	const [row] = await useDb()
		.select({ id: escalation.id, status: escalation.status })
		.from(escalation)
		.where(eq(escalation.id, id));
	return row ?? null;
}

/** Any member may attach a recording while the escalation is not closed. */
async function mayAttachRecording(_personId: number, meta: Record<string, string>) {
	const found = await attachableEscalation(parseId(meta.escalationId ?? ''));
	if (!found) return 'That escalation does not exist.';
	if (found.status === 'closed') return 'This escalation is closed: reopen it to add recordings.';
	return null;
}

async function linkRecording(
	media: MediaFile,
	meta: Record<string, string>,
	tx: Transaction,
	record: RecordEvent
) {
	const escalationId = parseId(meta.escalationId ?? '');
	if (!escalationId) return;
	await tx.insert(escalationRecording).values({ escalationId, mediaId: media.id });
	await record(
		escalationRoom(escalationId),
		'escalation.recording',
		{ mediaId: media.id },
		media.ownerId
	);
}

export const escalationMedia: Record<string, MediaPurpose> = {
	[ESCALATION_RECORDING]: { ready: linkRecording, accept: mayAttachRecording }
};

/** The escalation's ready recordings, oldest first, with who added them. */
export async function recordingsOfEscalation(escalationId: number) {
	const links = await useDb()
		.select({ mediaId: escalationRecording.mediaId })
		.from(escalationRecording)
		.where(eq(escalationRecording.escalationId, escalationId));
	const files = await readyMedia(links.map((l) => l.mediaId));
	const owners = [...new Set(files.map((f) => f.ownerId))];
	const people = owners.length
		? await useDb()
				.select({ id: person.id, name: person.name })
				.from(person)
				.where(inArray(person.id, owners))
		: [];
	const names = new Map(people.map((p) => [p.id, p.name]));
	return files.map((file) => ({
		id: file.id,
		contentType: file.contentType ?? 'video/webm',
		durationMs: file.durationMs,
		hasThumbnail: Boolean(file.thumbnailKey),
		addedBy: names.get(file.ownerId) ?? 'Someone',
		addedAt: file.readyAt ?? file.createdAt
	}));
}
