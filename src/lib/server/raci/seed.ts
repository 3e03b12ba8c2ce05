// Demo data: the starting matrix over the demo departments, with the support team that
// writes to customers as its own column: Support stays accountable for customer updates,
// Customer Success does them.
import { eq } from 'drizzle-orm';
import { useDb } from '../db/client';
import { team } from '../org';
import { addTeamColumn } from './columns';
import { raciActivity } from './schema';
import { applyRaciTemplate, saveRaciRow } from './service';

export async function seedDemoRaci(): Promise<void> {
	await applyRaciTemplate(null);
	const db = useDb();
	const [updates] = await db
		.select({ id: raciActivity.id })
		.from(raciActivity)
		.where(eq(raciActivity.key, 'customer_updates'));
	const [success] = await db
		.select({ id: team.id, departmentId: team.departmentId })
		.from(team)
		.where(eq(team.name, 'Customer Success'));
	if (!updates || !success) return;
	await addTeamColumn(null, success.id);
	await saveRaciRow(null, updates.id, {
		[`dept-${success.departmentId}`]: 'A',
		[`team-${success.id}`]: 'R'
	});
}
