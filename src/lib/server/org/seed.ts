// The demo workspace's teams and people: every department staffed, one shared password.
import { eq } from 'drizzle-orm';
import { department, person, team } from './schema';
import type { Executor } from '../db/client';

/** The demo sign-in shown on the login page of a demo workspace. */
export const DEMO_PASSWORD = 'tandem-demo-2026';
export const DEMO_ADMIN_EMAIL = 'alex.admin@demo.tandem.test';

const TEAMS: Record<string, string[]> = {
	Support: ['Frontline Support', 'Customer Success'],
	Product: ['Product Management', 'Design'],
	Engineering: ['Platform', 'Web App'],
	Other: ['People Ops']
};

/** `lead`: leads their team (SLO alerts escalate up to them). Some teams have no lead. */
const PEOPLE: { name: string; team: string; admin?: boolean; lead?: boolean }[] = [
	{ name: 'Alex Admin', team: 'People Ops', admin: true },
	{ name: 'Sam Rivera', team: 'Frontline Support', lead: true },
	{ name: 'Priya Natarajan', team: 'Frontline Support' },
	{ name: 'Jordan Lee', team: 'Customer Success' },
	{ name: 'Maya Okafor', team: 'Product Management' },
	{ name: 'Tomás García', team: 'Design' },
	{ name: 'Chen Wei', team: 'Platform' },
	{ name: 'Fatima Zahra', team: 'Platform', lead: true },
	{ name: 'Lukas Becker', team: 'Web App', lead: true },
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

/** Whose sign-in the demo login page offers: one person per department, one password. */
const SIGN_IN_AS = ['Alex Admin', 'Priya Natarajan', 'Maya Okafor', 'Chen Wei'];

/** The demo people to try Tandem as, with their place (for the demo login page). */
export function demoSignIns() {
	const departmentOf = (teamName: string) =>
		Object.entries(TEAMS).find(([, teams]) => teams.includes(teamName))![0];
	return SIGN_IN_AS.map((name) => PEOPLE.find((p) => p.name === name)!).map((p) => ({
		name: p.name,
		email: p.admin ? DEMO_ADMIN_EMAIL : demoEmail(p.name),
		team: p.team,
		department: departmentOf(p.team),
		admin: Boolean(p.admin)
	}));
}

/** Creates the demo teams and people; answers their ids by name. */
export async function seedDemoPeople(
	tx: Executor,
	passwordHash: string
): Promise<Map<string, number>> {
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
	const ids = new Map(created.map((p) => [p.name, p.id]));
	for (const lead of PEOPLE.filter((p) => p.lead)) {
		await tx
			.update(team)
			.set({ leadId: ids.get(lead.name)! })
			.where(eq(team.id, teamIds.get(lead.team)!));
	}
	return ids;
}

/** Whether anyone has an account yet (an empty database gets the demo workspace). */
export async function hasPeople(db: Executor): Promise<boolean> {
	const [row] = await db.select({ id: person.id }).from(person).limit(1);
	return Boolean(row);
}
