// Shared set-up for the hackathon tests: a valid hackathon (parsed by the same schema the
// service checks) and a cast from three departments.
import { eq } from 'drizzle-orm';
import { hackathonSchema } from '../../src/lib/hackathons/schemas';
import { advancePhase, createHackathon } from '../../src/lib/server/hackathons';
import { person } from '../../src/lib/server/org/schema';
import type { TestDatabase } from './db';
import { addPerson, addTeam } from './ledger';

const minute = 60_000;

/** A hackathon whose registration opens in `opensInMs`, each later phase a minute apart. */
export function hackathonInput(extra: Record<string, unknown> = {}, opensInMs = minute) {
	const at = (ms: number) => new Date(Date.now() + opensInMs + ms);
	return hackathonSchema.parse({
		title: 'Support Hack',
		theme: 'Faster answers',
		description: 'Build with **support**.',
		rules: 'Be kind.',
		challenges: [{ title: 'Search', isCategory: true }],
		prizes: [
			{ category: null, title: 'Grand prize', points: 300 },
			{ category: 'Search', title: 'Best search', points: 100 }
		],
		teamSizeMin: 2,
		teamSizeMax: 4,
		minDepartments: 2,
		requiredDepartmentKind: 'support',
		judgingMode: 'rubric',
		criteria: [{ name: 'Impact', weight: 3 }],
		peoplesChoice: true,
		votesPerPerson: 3,
		registrationOpensAt: at(0),
		hackingStartsAt: at(minute),
		hackingEndsAt: at(2 * minute),
		judgingEndsAt: at(3 * minute),
		...extra
	});
}

/** An admin who organises, and people from support, product and engineering. */
export async function hackathonCast(testDb: TestDatabase) {
	const tag = Math.random().toString(36).slice(2, 7);
	const support = await addTeam(testDb, `Support ${tag}`, 'support');
	const product = await addTeam(testDb, `Product ${tag}`, 'product');
	const engineering = await addTeam(testDb, `Engineering ${tag}`, 'engineering');
	const admin = await addPerson(testDb, 'Ada Admin', product.id);
	await testDb.db.update(person).set({ role: 'admin' }).where(eq(person.id, admin));
	return {
		admin,
		sam: await addPerson(testDb, 'Sam Support', support.id),
		pia: await addPerson(testDb, 'Pia Product', product.id),
		erin: await addPerson(testDb, 'Erin Engineer', engineering.id),
		eli: await addPerson(testDb, 'Eli Engineer', engineering.id),
		teams: { support, product, engineering }
	};
}

/** A hackathon open for registration now (advanced by its organiser). */
export async function openHackathon(organiser: number, extra: Record<string, unknown> = {}) {
	const id = await createHackathon(organiser, hackathonInput(extra));
	await advancePhase(organiser, id);
	return id;
}
