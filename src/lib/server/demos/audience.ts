// Who watched the recording after the session (attendance live is in log.ts): a person
// counts once per demo, the first time they play it.
import { and, count, eq, isNotNull } from 'drizzle-orm';
import { useDb } from '../db/client';
import { ServiceError } from '../errors';
import { person } from '../org';
import { demo, demoRecordingView } from './schema';

/**
 * Counts `personId` as having watched the demo's recording (once; later plays change
 * nothing). Refused for a demo without a recording. Answers whether this was the first.
 */
export async function recordRecordingView(personId: number, demoId: number): Promise<boolean> {
	const db = useDb();
	const [viewer] = await db
		.select({ active: person.active })
		.from(person)
		.where(eq(person.id, personId));
	if (!viewer?.active) throw new ServiceError('Only members can do that.');
	const [row] = await db
		.select({ id: demo.id })
		.from(demo)
		.where(and(eq(demo.id, demoId), isNotNull(demo.recordingMediaId)));
	if (!row) throw new ServiceError('That demo has no recording to watch.');
	const added = await db
		.insert(demoRecordingView)
		.values({ demoId, personId })
		.onConflictDoNothing()
		.returning({ personId: demoRecordingView.personId });
	return added.length > 0;
}

/** How many people have watched the demo's recording. */
export async function recordingWatchers(demoId: number): Promise<number> {
	const [row] = await useDb()
		.select({ n: count() })
		.from(demoRecordingView)
		.where(eq(demoRecordingView.demoId, demoId));
	return Number(row?.n ?? 0);
}
