// The demo workspace: the org's demo people, then each module's demo data.
import { hashPassword } from './auth';
import { useDb } from './db/client';
import { seedModules } from './modules';
import { markDemoNotificationsRead } from './notifications';
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD, demoSignIns, seedDemoPeople } from './org';
import { markDemoWorkspace } from './workspace';

export { DEMO_ADMIN_EMAIL, DEMO_PASSWORD, demoSignIns };

/**
 * Fills an empty database with a clearly labelled demo workspace: teams in every
 * department and a handful of people who all share the demo password, then each
 * module's demo data (the registry's order).
 */
export async function seedDemoWorkspace(): Promise<void> {
	const passwordHash = await hashPassword(DEMO_PASSWORD);
	const people = await useDb().transaction(async (tx) => {
		await markDemoWorkspace(tx, 'Tandem demo workspace');
		return seedDemoPeople(tx, passwordHash);
	});
	await seedModules(people);
	// The demo starts with a quiet tray: what seeding told people is already read.
	await markDemoNotificationsRead();
}
