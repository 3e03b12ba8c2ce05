import { eq } from 'drizzle-orm';
import { useDb } from './db/client';
import { workspace } from './db/schema';

export async function getWorkspace() {
	const [row] = await useDb().select().from(workspace).where(eq(workspace.id, 1));
	return row ?? { id: 1, name: 'Tandem', timeZone: 'UTC', isDemo: false, createdAt: new Date() };
}
