import { eq } from 'drizzle-orm';
import { hashPassword } from '../auth/password';
import { markDemoNotificationsRead } from '../notifications';
import { forgetWorkspace } from '../workspace';
import { useDb } from './client';
import { department, person, team, workspace } from './schema';
import { seedDemoBugBashes } from './seed-bugbash';
import { seedDemoKudos } from './seed-kudos';
import { seedDemoRewards } from './seed-rewards';

/** The demo sign-in shown on the login page of a demo workspace. */
export const DEMO_PASSWORD = 'tandem-demo-2026';
export const DEMO_ADMIN_EMAIL = 'alex.admin@demo.tandem.test';

const TEAMS: Record<string, string[]> = {
	Support: ['Frontline Support', 'Customer Success'],
	Product: ['Product Management', 'Design'],
	Engineering: ['Platform', 'Web App'],
	Other: ['People Ops']
};

const PEOPLE: { name: string; team: string; admin?: boolean }[] = [
	{ name: 'Alex Admin', team: 'People Ops', admin: true },
	{ name: 'Sam Rivera', team: 'Frontline Support' },
	{ name: 'Priya Natarajan', team: 'Frontline Support' },
	{ name: 'Jordan Lee', team: 'Customer Success' },
	{ name: 'Maya Okafor', team: 'Product Management' },
	{ name: 'Tomás García', team: 'Design' },
	{ name: 'Chen Wei', team: 'Platform' },
	{ name: 'Fatima Zahra', team: 'Platform' },
	{ name: 'Lukas Becker', team: 'Web App' },
	{ name: 'Aiko Tanaka', team: 'Web App' }
];

function demoEmail(name: string): string {
	const local = name
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z]+/g, '.');
	return `${local}@demo.tandem.test`;
}

/**
 * Fills an empty database with a clearly labelled demo workspace: teams in every
 * department and a handful of people who all share the demo password.
 */
export async function seedDemoWorkspace(): Promise<void> {
	const passwordHash = await hashPassword(DEMO_PASSWORD);
	const people = await useDb().transaction(async (tx) => {
		await tx
			.update(workspace)
			.set({ name: 'Tandem demo workspace', isDemo: true })
			.where(eq(workspace.id, 1));
		const departments = await tx.select().from(department);
		const teamIds = new Map<string, number>();
		for (const [departmentName, teams] of Object.entries(TEAMS)) {
			const dept = departments.find((d) => d.name === departmentName)!;
			for (const name of teams) {
				const [row] = await tx
					.insert(team)
					.values({ name, departmentId: dept.id })
					.returning({ id: team.id });
				teamIds.set(name, row.id);
			}
		}
		const created = await tx
			.insert(person)
			.values(
				PEOPLE.map((p) => ({
					name: p.name,
					email: p.admin ? DEMO_ADMIN_EMAIL : demoEmail(p.name),
					passwordHash,
					role: p.admin ? ('admin' as const) : ('member' as const),
					teamId: teamIds.get(p.team)!
				}))
			)
			.returning({ id: person.id, name: person.name });
		return new Map(created.map((p) => [p.name, p.id]));
	});
	forgetWorkspace();
	await seedDemoBugBashes(people);
	await seedDemoKudos(people);
	await seedDemoRewards(people);
	await markDemoNotificationsRead();
}
