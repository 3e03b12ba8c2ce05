// Shared set-up for the demo tests: a valid demo (parsed by the schema the service checks
// again) and a small company: an admin, two presenters and viewers.
import { eq } from 'drizzle-orm';
import { demoSchema } from '../../src/lib/demos/schemas';
import { person } from '../../src/lib/server/org/schema';
import type { TestDatabase } from './db';
import { addPerson, addTeam } from './ledger';

/** A demo starting `inMs` from now, presented by `presenterIds`. */
export function demoInput(presenterIds: number[], inMs = 3 * 3_600_000, extra = {}) {
	return demoSchema.parse({
		title: 'Routing rules, live',
		feature: 'Support console 4.2',
		presenterIds,
		description: 'What is **new**.',
		startsAt: new Date(Date.now() + inMs),
		lengthMinutes: 30,
		meetingUrl: 'https://meet.example.com/abc',
		series: '',
		everyWeeks: 2,
		...extra
	});
}

export async function demoCast(testDb: TestDatabase, viewers = 3) {
	const tag = Math.random().toString(36).slice(2, 7);
	const product = await addTeam(testDb, `Product ${tag}`, 'product');
	const support = await addTeam(testDb, `Support ${tag}`, 'support');
	const admin = await addPerson(testDb, `Ada Admin ${tag}`, product.id);
	await testDb.db.update(person).set({ role: 'admin' }).where(eq(person.id, admin));
	const presenter = await addPerson(testDb, `Pia Presenter ${tag}`, product.id);
	const cohost = await addPerson(testDb, `Cody Cohost ${tag}`, product.id);
	const watching: number[] = [];
	for (let i = 0; i < viewers; i++) {
		watching.push(await addPerson(testDb, `Viewer ${i} ${tag}`, support.id));
	}
	return { admin, presenter, cohost, viewers: watching };
}
