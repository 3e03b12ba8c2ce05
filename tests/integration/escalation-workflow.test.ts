// The escalation workflow table, walked exhaustively: every status to every status for
// every part a person can play, against the service on a real database. Plus a support
// reply moving "waiting on support" back to "in progress", and the resolution note.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ESCALATION_STATUSES, type EscalationStatus } from '../../src/lib/escalations/schemas';
import {
	assignEscalation,
	changeStatus,
	commentOnEscalation,
	escalationDetail,
	historyOf,
	movesFor,
	openEscalation,
	WORKFLOW,
	type WorkflowRole
} from '../../src/lib/server/escalations';
import { escalation } from '../../src/lib/server/escalations/schema';
import { person } from '../../src/lib/server/org/schema';
import { registerModules } from '../../src/lib/server/modules';
import { escalationReport } from '../helpers/reports';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { addPerson, addTeam } from '../helpers/ledger';
import { refusal } from '../helpers/refusal';

let testDb: TestDatabase;
/** One person per part: each plays exactly that one part in every escalation here. */
const cast = {} as Record<WorkflowRole | 'bystander', number>;

beforeAll(async () => {
	registerModules();
	testDb = await createTestDatabase();
	const support = await addTeam(testDb, 'Frontline', 'support');
	const platform = await addTeam(testDb, 'Platform', 'engineering');
	const other = await addTeam(testDb, 'People Ops', 'other');
	cast.reporter = await addPerson(testDb, 'Rita Reporter', other.id);
	cast.support = await addPerson(testDb, 'Sam Support', support.id);
	cast.engineering = await addPerson(testDb, 'Erin Engineer', platform.id);
	cast.assignee = await addPerson(testDb, 'Ari Assignee', platform.id);
	cast.admin = await addPerson(testDb, 'Alex Admin', other.id);
	cast.bystander = await addPerson(testDb, 'Bea Bystander', other.id);
	await testDb.db.update(person).set({ role: 'admin' }).where(eq(person.id, cast.admin));
});
afterAll(async () => {
	await testDb?.destroy();
});

/** An escalation reported by the reporter, assigned, and put in `status` directly. */
async function escalationIn(status: EscalationStatus): Promise<number> {
	const { escalationId } = await openEscalation(cast.reporter, escalationReport(`In ${status}`));
	await assignEscalation(cast.admin, escalationId, cast.assignee);
	await testDb.db.update(escalation).set({ status }).where(eq(escalation.id, escalationId));
	return escalationId;
}

async function statusOf(id: number) {
	return (await escalationDetail(id))!.status;
}

const NOTE = 'Fixed the rounding and told the customer.';

describe('the workflow table', () => {
	const parts = ['reporter', 'support', 'engineering', 'assignee', 'admin', 'bystander'] as const;

	for (const from of ESCALATION_STATUSES) {
		it(`allows exactly the table's moves out of ${from}, for each part`, async () => {
			for (const to of ESCALATION_STATUSES) {
				const entry = WORKFLOW.find((m) => m.from === from && m.to === to);
				for (const part of parts) {
					const id = await escalationIn(from);
					const allowed = Boolean(entry && part !== 'bystander' && entry.who.includes(part));
					if (allowed) {
						await changeStatus(cast[part], id, to, NOTE);
						expect(await statusOf(id), `${part}: ${from} → ${to}`).toBe(to);
					} else {
						const err = await refusal(changeStatus(cast[part], id, to, NOTE));
						expect(err.field, `${part}: ${from} → ${to}`).toBe('status');
						expect(await statusOf(id)).toBe(from);
					}
				}
			}
		});
	}

	it('shows each viewer the moves they may make, and why not the others', async () => {
		const id = await escalationIn('open');
		const target = (await escalationDetail(id))!;
		const asSupport = movesFor(
			{ id: cast.support, role: 'member', departmentKind: 'support' },
			target
		);
		expect(asSupport.map((m) => [m.to, m.refused])).toEqual([
			[
				'in_progress',
				'Only Engineering or Product, the assignee or an admin can move it to in progress.'
			],
			[
				'waiting_on_support',
				'Only Engineering or Product, the assignee or an admin can move it to waiting on support.'
			],
			['resolved', null]
		]);
	});
});

describe('resolution notes', () => {
	it('refuses to resolve or close without a note, next to the note, and shows it after', async () => {
		const id = await escalationIn('in_progress');
		const missing = await refusal(changeStatus(cast.assignee, id, 'resolved', '   '));
		expect(missing).toMatchObject({
			field: 'note',
			message: 'Say how it was resolved: the note is kept with the escalation.'
		});
		expect(await statusOf(id)).toBe('in_progress');
		await changeStatus(cast.assignee, id, 'resolved', NOTE);
		expect((await escalationDetail(id))!.resolutionNote).toBe(NOTE);
		expect((await refusal(changeStatus(cast.reporter, id, 'closed'))).field).toBe('note');
		await changeStatus(cast.reporter, id, 'closed', 'Customer confirmed.');
		expect((await escalationDetail(id))!.resolutionNote).toBe('Customer confirmed.');
		const notes = (await historyOf(id)).filter((h) => h.change === 'resolution');
		expect(notes.map((h) => h.toValue)).toEqual([NOTE, 'Customer confirmed.']);
		await changeStatus(cast.reporter, id, 'open');
		expect((await escalationDetail(id))!.resolutionNote).toBeNull();
	});
});

describe('a reply from support', () => {
	it('moves an escalation waiting on support back to in progress', async () => {
		const id = await escalationIn('in_progress');
		await changeStatus(cast.assignee, id, 'waiting_on_support');
		// Engineering's own comment while waiting changes nothing.
		await commentOnEscalation(cast.engineering, id, 'Any logs from the customer?');
		expect(await statusOf(id)).toBe('waiting_on_support');
		await commentOnEscalation(cast.support, id, 'Logs attached to the ticket.');
		expect(await statusOf(id)).toBe('in_progress');
		const moves = (await historyOf(id)).filter((h) => h.change === 'status');
		expect(moves.at(-1)).toMatchObject({
			fromValue: 'waiting_on_support',
			toValue: 'in_progress',
			actorId: cast.support
		});
	});
});
