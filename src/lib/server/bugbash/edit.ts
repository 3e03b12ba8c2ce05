// A reporter corrects their own bug (title, steps, results, files) until an organiser has
// triaged it: after that the decision was taken on what the bug said, so it stays as is.
import { and, count, eq, inArray } from 'drizzle-orm';
import type { BugEdit } from '$lib/bugbash/schemas';
import { storeAttachments, type CheckedFile } from '../attachments';
import { ServiceError } from '../errors';
import { withEvents } from '../realtime';
import { bashRoom } from './events';
import { bug, bugAttachment, bugBash } from './schema';

/** Files one bug may carry, old and new together. */
export const MOST_ATTACHMENTS_PER_BUG = 10;

/** Saves the reporter's corrections to a bug still waiting for triage; the board hears it. */
export async function editBug(
	reporterId: number,
	bugId: number,
	input: BugEdit,
	files: CheckedFile[] = []
): Promise<void> {
	await withEvents(async (tx, record) => {
		const [found] = await tx.select().from(bug).where(eq(bug.id, bugId)).for('update');
		if (!found) throw new ServiceError('That bug does not exist.');
		if (found.reporterId !== reporterId) {
			throw new ServiceError('Only the person who reported a bug can edit it.');
		}
		if (found.status !== 'new') {
			throw new ServiceError('This bug has been triaged: add a comment instead.');
		}
		const [bash] = await tx.select().from(bugBash).where(eq(bugBash.id, found.bashId));
		if (bash.areas.length > 0 && !bash.areas.includes(input.area)) {
			throw new ServiceError('Choose one of the bash’s areas.', 'area');
		}
		const { removeAttachments, ...report } = input;
		if (removeAttachments.length > 0) {
			await tx
				.delete(bugAttachment)
				.where(
					and(
						eq(bugAttachment.bugId, bugId),
						inArray(bugAttachment.attachmentId, removeAttachments)
					)
				);
		}
		const [{ kept }] = await tx
			.select({ kept: count() })
			.from(bugAttachment)
			.where(eq(bugAttachment.bugId, bugId));
		if (kept + files.length > MOST_ATTACHMENTS_PER_BUG) {
			throw new ServiceError(
				`A bug carries at most ${MOST_ATTACHMENTS_PER_BUG} files: remove some first.`,
				'attachments'
			);
		}
		const stored = await storeAttachments(tx, files, reporterId);
		if (stored.length > 0) {
			await tx.insert(bugAttachment).values(stored.map((a) => ({ bugId, attachmentId: a.id })));
		}
		await tx
			.update(bug)
			.set({ ...report, updatedAt: new Date() })
			.where(eq(bug.id, bugId));
		const card = {
			bugId,
			title: report.title,
			area: report.area,
			severity: report.severity,
			attachments: kept + stored.length
		};
		await record(bashRoom(found.bashId), 'bug.edited', card, reporterId);
	});
}
