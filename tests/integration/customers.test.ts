import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerSchema } from '../../src/lib/customers/schemas';
import {
	CustomerImportError,
	customersCsv,
	importCustomers,
	listCustomers,
	saveCustomer
} from '../../src/lib/server/customers';
import { customer } from '../../src/lib/server/customers/schema';
import { escalation } from '../../src/lib/server/escalations/schema';
import { openEscalation } from '../../src/lib/server/escalations';
import { registerModules } from '../../src/lib/server/modules';
import { person } from '../../src/lib/server/org/schema';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { addPerson, addTeam } from '../helpers/ledger';
import { refusal } from '../helpers/refusal';
import { escalationReport } from '../helpers/reports';

let testDb: TestDatabase;
let agent: number;
let engineer: number;
let ownerEmail: string;

beforeAll(async () => {
	registerModules();
	testDb = await createTestDatabase();
	const support = await addTeam(testDb, 'Frontline', 'support');
	const platform = await addTeam(testDb, 'Platform', 'engineering');
	agent = await addPerson(testDb, 'Sam Support', support.id);
	engineer = await addPerson(testDb, 'Erin Engineer', platform.id);
	const [owner] = await testDb.db
		.select({ email: person.email })
		.from(person)
		.where(eq(person.id, agent));
	ownerEmail = owner.email;
});
afterAll(async () => {
	await testDb?.destroy();
});

const names = async () => (await listCustomers()).map((c) => c.name);

describe('customer records', () => {
	it('support creates and edits a customer; a second with the same name in any case is refused', async () => {
		const id = await saveCustomer(
			agent,
			customerSchema.parse({ name: 'Acme Corp', arr: 250_000, tier: 'enterprise' })
		);
		await saveCustomer(
			agent,
			customerSchema.parse({ id, name: 'Acme Corp', arr: 260_000, sentiment: 'at_risk' })
		);
		const [row] = await testDb.db.select().from(customer).where(eq(customer.id, id));
		expect(row).toMatchObject({ arr: 260_000, sentiment: 'at_risk' });
		const err = await refusal(saveCustomer(agent, customerSchema.parse({ name: 'ACME corp' })));
		expect(err.field).toBe('name');
	});

	it('refuses engineers and hostile input, changing nothing', async () => {
		const before = await names();
		await refusal(saveCustomer(engineer, customerSchema.parse({ name: 'Engineered' })));
		for (const hostile of [
			{ name: '   ' },
			{ name: 'x'.repeat(201) },
			{ name: 'Neg', arr: -1 },
			{ name: 'Link', crmUrl: 'javascript:alert(1)' },
			{ name: 'Date', renewalOn: '2026-02-30' },
			{ name: 'Tier', tier: 'platinum' }
		]) {
			// The service checks again whatever the form let through.
			await refusal(saveCustomer(agent, hostile as never));
		}
		expect(await names()).toEqual(before);
	});

	it('an escalation naming a customer links the record, matching the name in any case or creating it', async () => {
		const known = await openEscalation(
			agent,
			escalationReport('Known customer', { customerName: 'acme CORP' })
		);
		const fresh = await openEscalation(
			agent,
			escalationReport('New customer', { customerName: 'Brand New Ltd', customerTier: 'pro' })
		);
		const rows = await testDb.db
			.select({ id: escalation.id, customerId: escalation.customerId, name: customer.name })
			.from(escalation)
			.leftJoin(customer, eq(customer.id, escalation.customerId))
			.where(eq(escalation.id, known.escalationId));
		expect(rows[0].name).toBe('Acme Corp');
		const [created] = await testDb.db
			.select({ name: customer.name, tier: customer.tier })
			.from(escalation)
			.innerJoin(customer, eq(customer.id, escalation.customerId))
			.where(eq(escalation.id, fresh.escalationId));
		expect(created).toEqual({ name: 'Brand New Ltd', tier: 'pro' });
	});
});

describe('CSV import and export', () => {
	it('imports new customers and updates known ones, quoted fields included', async () => {
		const csv = [
			'name,arr,tier,renewal_date,sentiment,owner_email,crm_url',
			`"Globex, GmbH","1,200,000",Enterprise,2027-01-15,at risk,${ownerEmail},https://crm.example.com/globex`,
			'acme corp,300000,enterprise,,positive,,',
			'"Quote ""Q"" Inc",0,free,,neutral,,'
		].join('\r\n');
		expect(await importCustomers(agent, csv)).toEqual({ created: 2, updated: 1 });
		const all = await listCustomers();
		expect(all.find((c) => c.name === 'Globex, GmbH')).toMatchObject({
			arr: 1_200_000,
			tier: 'enterprise',
			renewalOn: '2027-01-15',
			sentiment: 'at_risk',
			ownerId: agent
		});
		expect(all.find((c) => c.name === 'Acme Corp')).toMatchObject({ arr: 300_000 });
		expect(all.some((c) => c.name === 'Quote "Q" Inc')).toBe(true);
	});

	it('refuses the whole file with each bad row’s line and reason', async () => {
		const before = await listCustomers();
		const csv = [
			'name,arr,tier,renewal_date,sentiment,owner_email',
			'Fine Co,100,pro,,neutral,',
			',100,pro,,neutral,',
			'Bad Arr,12.5,pro,,neutral,',
			'Bad Tier,1,platinum,,neutral,',
			'Bad Date,1,pro,31/12/2026,neutral,',
			'Bad Owner,1,pro,,neutral,nobody@example.com',
			'fine co,1,pro,,neutral,'
		].join('\n');
		const err = await refusal(importCustomers(agent, csv));
		expect(err).toBeInstanceOf(CustomerImportError);
		expect((err as CustomerImportError).rows.map((r) => r.line)).toEqual([3, 4, 5, 6, 7, 8]);
		expect((err as CustomerImportError).rows[0].message).toMatch(/^name:/);
		expect((err as CustomerImportError).rows[5].message).toMatch(/line 2/);
		expect(await listCustomers()).toEqual(before);
	});

	it('refuses files that are not a customer CSV', async () => {
		await refusal(importCustomers(agent, 'who,what\nx,y'));
		await refusal(importCustomers(agent, 'name\n"never closed'));
		await refusal(importCustomers(agent, ''));
		await refusal(importCustomers(engineer, 'name\nSneaky'));
		expect(await names()).not.toContain('Sneaky');
	});

	it('exports what an import reads back, with formulas defused', async () => {
		await saveCustomer(agent, customerSchema.parse({ name: '=HYPERLINK("x")' }));
		const csv = await customersCsv();
		expect(csv.split('\r\n')[0]).toBe('name,crm_url,arr,tier,renewal_date,sentiment,owner_email');
		expect(csv).toContain('"Globex, GmbH",https://crm.example.com/globex,1200000,enterprise');
		expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
		const count = (await listCustomers()).length;
		expect(await importCustomers(agent, csv)).toEqual({ created: 0, updated: count });
	});
});
