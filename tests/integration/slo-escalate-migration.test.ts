// Migrating SLO policies saved before team leads: an action that escalated to the admins
// still escalates to the admins ('admins'), one that did not stays off, in the breach's
// actions and in the warnings' own set alike, and everything else in the targets is kept.
import { rmSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { rowsOf } from '../../src/lib/server/db/client';
import { migrateDatabase } from '../../src/lib/server/db/migrate';
import type { TestDatabase } from '../helpers/db';
import { testDatabaseAt } from '../helpers/migrations';

/** The last migration before escalating up to team leads. */
const BEFORE_LEADS = '0031_team_lead';

let testDb: TestDatabase;
let folder: string;

const actions = (escalateToAdmins: boolean, label: string | null) => ({
	notifyAssignee: true,
	emailAssignee: false,
	emailTeam: false,
	emailAddresses: [],
	emailPeople: [],
	escalateToAdmins,
	chatWebhookUrl: null,
	chatChannel: 'slack',
	label
});
const target = (kind: string, minutes: number, breach: boolean, warning: boolean | null) => ({
	kind,
	minutes,
	businessHours: kind === 'update',
	warnAt: [75],
	repeatEveryMinutes: null,
	repeatTimes: 0,
	actions: actions(breach, 'late'),
	warningActions: warning === null ? null : actions(warning, null)
});

beforeAll(async () => {
	({ testDb, folder } = await testDatabaseAt(BEFORE_LEADS));
	const policies = [
		['Escalating', [target('first_response', 60, true, null), target('update', 240, true, true)]],
		['Quiet', [target('resolution', 600, false, false)]],
		['Empty', []]
	] as const;
	for (const [index, [name, targets]] of policies.entries()) {
		await rowsOf(
			testDb.db,
			sql`insert into slo_policy (name, position, conditions, targets)
				values (${name}, ${index + 1}, ${JSON.stringify({ match: 'all' })}::jsonb,
					${JSON.stringify(targets)}::jsonb)`
		);
	}
	await migrateDatabase(testDb);
}, 120_000);

afterAll(async () => {
	await testDb?.destroy();
	rmSync(folder, { recursive: true, force: true });
});

it('turns escalateToAdmins into escalateUp without changing what a policy does', async () => {
	const rows = await rowsOf<{ name: string; targets: ReturnType<typeof target>[] }>(
		testDb.db,
		sql`select name, targets from slo_policy order by position`
	);
	const [escalating, quiet, empty] = rows;
	expect(escalating.targets.map((t) => t.kind)).toEqual(['first_response', 'update']);
	const [first, update] = escalating.targets;
	expect(first.actions).toEqual({ ...withoutFlag(actions(true, 'late')), escalateUp: 'admins' });
	expect(first.warningActions).toBeNull();
	expect(update).toMatchObject({ minutes: 240, businessHours: true, warnAt: [75] });
	expect(update.warningActions).toEqual({
		...withoutFlag(actions(true, null)),
		escalateUp: 'admins'
	});
	expect(quiet.targets[0].actions).toEqual({
		...withoutFlag(actions(false, 'late')),
		escalateUp: 'off'
	});
	expect(quiet.targets[0].warningActions).toMatchObject({ escalateUp: 'off' });
	expect(quiet.targets[0].warningActions).not.toHaveProperty('escalateToAdmins');
	expect(empty.targets).toEqual([]);
});

function withoutFlag(a: ReturnType<typeof actions>) {
	const { escalateToAdmins: _flag, ...rest } = a;
	return rest;
}
