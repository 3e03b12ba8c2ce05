import { expect, test } from '@playwright/test';
import { seriousViolations } from './axe';
import { horizontalOverflow, mark, signedIn, untouched, DESKTOP } from './helpers';

// The SLO walk-through on the demo workspace: an admin builds a policy on /admin/slo and
// tries it before saving; a support agent opens an escalation for an at-risk customer and
// watches its first-response clock count down; an engineer's first comment meets it, live.
// Then a one-minute target breaches while the escalation's page is open: the label, the
// clock's history, the tray notification and the outbox email appear without a reload.

const ADMIN = 'alex.admin@demo.tandem.test';
const AGENT = 'sam.rivera@demo.tandem.test';
const ENGINEER = 'chen.wei@demo.tandem.test';

// Each policy change re-evaluates every open escalation's clocks: give saves time on a busy machine.
test.setTimeout(240_000);
const SAVE = { timeout: 30_000 };

test('an admin’s policy starts a clock that counts down live and an engineer’s comment meets', async ({
	browser
}) => {
	const run = Date.now().toString(36);
	const name = `Urgent at-risk ${run}`;
	const admin = await signedIn(browser, ADMIN, DESKTOP);
	// The demo's unanswered escalation has breached: the list's filter finds it with its
	// label, and the admins were told in the tray. (Before the new policy takes it over.)
	await admin.goto('/escalations');
	await admin.getByLabel('SLO').selectOption('breached');
	await admin.getByRole('button', { name: 'Filter' }).click();
	await expect(admin).toHaveURL(/slo=breached/);
	const row = admin.getByRole('row').filter({ hasText: 'Usage report is blank' });
	await expect(row.getByTestId('slo-standing')).toContainText('Breached');
	await expect(row.getByTestId('slo-standing')).toContainText('slo-breached');
	await admin.getByRole('button', { name: /^Notifications/ }).click();
	const tray = admin.getByRole('region', { name: 'Notifications', exact: true });
	await expect(
		tray.getByText(/SLO breached on escalation #\d+ \(Umbrella Health\)/).first()
	).toBeVisible();

	await admin.goto('/admin/slo');
	await expect(admin.getByRole('heading', { name: 'SLO policies', level: 1 })).toBeVisible();
	await expect(
		admin.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'SLO policies' })
	).toHaveAttribute('aria-current', 'page');
	const before = await admin.getByTestId('slo-policy').count();

	// A bad value is answered next to its field, and nothing is saved.
	await admin.getByLabel('Name', { exact: true }).fill(name);
	await admin.getByRole('group', { name: 'Sentiment' }).getByLabel('At risk').check();
	await admin.getByLabel('First response from engineering or product').fill('2');
	await admin.getByLabel('Warn at (% of the target)').fill('150');
	await admin.getByRole('button', { name: 'Add policy' }).click();
	await expect(admin.locator('#trigger-warnAt-error')).toHaveText(/percentages from 1 to 99/);
	await expect(admin.getByTestId('slo-policy')).toHaveCount(before);

	// Tried before saving: new, it goes last, so the demo's own policies take its matches.
	await admin.getByLabel('Warn at (% of the target)').fill('50');
	await admin.getByLabel('Add this label').first().fill('e2e-breach');
	await admin.getByRole('button', { name: 'Try before saving' }).click();
	const tried = admin.getByTestId('slo-try');
	await expect(tried).toContainText('Nothing was saved.');
	await expect(admin.getByTestId('slo-policy')).toHaveCount(before);

	await admin.getByRole('button', { name: 'Add policy' }).click();
	await expect(admin.getByText(`Saved “${name}”.`)).toBeVisible(SAVE);
	await expect(admin.getByTestId('slo-policy')).toHaveCount(before + 1);
	// First in order, so it applies before the demo's policies.
	for (let i = 0; i < before; i++) {
		await admin.getByRole('button', { name: `Move ${name} up` }).click();
		await expect(admin.getByTestId('slo-policy').nth(before - 1 - i)).toContainText(name, SAVE);
	}
	for (const width of [1280, 390]) {
		await admin.setViewportSize({ width, height: 900 });
		expect(await horizontalOverflow(admin)).toBe(0);
	}

	// Sam opens an escalation for Umbrella Health, an at-risk customer.
	const sam = await signedIn(browser, AGENT, { ...DESKTOP, live: true });
	await sam.goto('/escalations/new');
	await sam.getByLabel('Title').fill(`Dashboards blank ${run}`);
	await sam.getByLabel('Description').fill('Every dashboard renders empty since this morning.');
	await sam.getByLabel('Severity').selectOption('high');
	await sam.getByLabel('Steps to reproduce').fill('1. Sign in\n2. Open any dashboard');
	await sam.getByLabel('Expected result').fill('Charts');
	await sam.getByLabel('Actual result').fill('An empty page');
	await sam.getByLabel('Customer name').fill('Umbrella Health');
	await sam.getByRole('button', { name: 'Open escalation' }).click();
	await expect(sam).toHaveURL(/\/escalations\/\d+$/);
	const escalationPath = new URL(sam.url()).pathname;
	await expect(sam.getByTestId('connection-status')).toHaveText('Live');
	await mark(sam);

	const slo = sam.getByRole('region', { name: 'SLO' });
	await expect(slo).toContainText(name);
	await expect(slo).toContainText('sentiment at risk');
	const clock = sam.getByTestId('slo-clock-first_response');
	await expect(clock).toContainText(/1m \d\ds left|2m 00s left/);
	const first = await clock.textContent();
	// It counts down in the page, second by second.
	await expect(clock).not.toHaveText(first!, { timeout: 5_000 });
	await expect(clock).toContainText(/1m \d\ds left/);

	// Chen (Platform) answers: Sam's clock is met without a reload.
	const chen = await signedIn(browser, ENGINEER, DESKTOP);
	await chen.goto(escalationPath);
	await chen.getByLabel('Add a comment').fill('Looking at it: the chart service is down.');
	await chen.getByRole('button', { name: 'Comment', exact: true }).click();
	await expect(clock).toContainText('Met', SAVE);
	await expect(clock.locator('.badge')).toHaveText('met');
	expect(await untouched(sam)).toBe(true);

	// The policy goes again, so the demo workspace stays as it was.
	await admin.setViewportSize({ width: 1280, height: 900 });
	await admin.getByRole('button', { name: `Delete ${name}` }).click();
	await admin.getByRole('dialog').getByRole('button', { name: 'Delete policy' }).click();
	await expect(admin.getByTestId('slo-policy')).toHaveCount(before, SAVE);

	for (const page of [admin, sam, chen]) await page.context().close();
});

test('a short target breaches while the page is open: label, history, tray and outbox', async ({
	browser
}) => {
	const run = Date.now().toString(36);
	const name = `Breach fast ${run}`;
	const admin = await signedIn(browser, ADMIN, DESKTOP);
	await admin.goto('/admin/slo');
	const before = await admin.getByTestId('slo-policy').count();
	await admin.getByLabel('Name', { exact: true }).fill(name);
	await admin.getByRole('group', { name: 'Sentiment' }).getByLabel('At risk').check();
	await admin.getByLabel('First response from engineering or product').fill('1');
	await admin.getByLabel('Add this label').first().fill(`breach-${run}`);
	await admin.getByLabel('Email these addresses').first().fill('oncall@example.com');
	await admin.getByRole('button', { name: 'Add policy' }).click();
	await expect(admin.getByText(`Saved “${name}”.`)).toBeVisible(SAVE);
	for (let i = 0; i < before; i++) {
		await admin.getByRole('button', { name: `Move ${name} up` }).click();
		await expect(admin.getByTestId('slo-policy').nth(before - 1 - i)).toContainText(name, SAVE);
	}

	const sam = await signedIn(browser, AGENT, { ...DESKTOP, live: true });
	await sam.goto('/escalations/new');
	await sam.getByLabel('Title').fill(`Reports fail ${run}`);
	await sam
		.getByLabel('Description')
		.fill('Scheduled reports fail with an error since the update.');
	await sam.getByLabel('Severity').selectOption('high');
	await sam.getByLabel('Steps to reproduce').fill('1. Schedule a report\n2. Wait');
	await sam.getByLabel('Expected result').fill('A report');
	await sam.getByLabel('Actual result').fill('An error');
	await sam.getByLabel('Customer name').fill('Umbrella Health');
	await sam.getByRole('button', { name: 'Open escalation' }).click();
	await expect(sam).toHaveURL(/\/escalations\/\d+$/);
	const id = new URL(sam.url()).pathname.split('/').pop();
	await expect(sam.getByTestId('connection-status')).toHaveText('Live');
	await mark(sam);
	const slo = sam.getByRole('region', { name: 'SLO' });
	await expect(slo).toContainText(name);
	// No ticket or issue is linked to a new escalation.
	await expect(sam.getByRole('region', { name: 'Linked ticket and issue' })).toContainText(
		'No ticket or issue is linked'
	);

	// A minute later the breach fires on the job runner and arrives live.
	const clock = sam.getByTestId('slo-clock-first_response');
	await expect(clock.locator('.badge')).toHaveText('breached', { timeout: 120_000 });
	await expect(slo).toContainText(`breach-${run}`);
	await clock.getByText(/^History/).click();
	await expect(clock.getByRole('list')).toContainText('Breached');
	await expect(clock.getByRole('list')).toContainText('Started');
	expect(await untouched(sam)).toBe(true);
	await sam.getByRole('button', { name: /^Notifications/ }).click();
	const tray = sam.getByRole('region', { name: 'Notifications', exact: true });
	await expect(
		tray.getByText(`SLO breached on escalation #${id} (Umbrella Health)`).first()
	).toBeVisible();

	await admin.goto('/admin/outbox');
	await expect(
		admin
			.getByTestId('outbox-message')
			.filter({ hasText: `SLO breached on escalation #${id}` })
			.first()
	).toContainText('oncall@example.com');

	await admin.goto('/admin/slo');
	await admin.getByRole('button', { name: `Delete ${name}` }).click();
	await admin.getByRole('dialog').getByRole('button', { name: 'Delete policy' }).click();
	await expect(admin.getByTestId('slo-policy')).toHaveCount(before, SAVE);
	for (const page of [admin, sam]) await page.context().close();
});

test('an admin picks a team lead, whom breaches can escalate up to', async ({ browser }) => {
	const admin = await signedIn(browser, ADMIN, DESKTOP);
	await admin.goto('/admin/teams');
	const design = admin
		.getByTestId('team-row')
		.filter({ has: admin.getByLabel('Name of Design', { exact: true }) });
	await expect(design).toContainText('no lead');
	// Only Design's active members are offered.
	const lead = design.getByLabel('Lead of Design');
	await expect(lead.locator('option')).toHaveText(['No lead', 'Lead: Tomás García']);
	await lead.selectOption({ label: 'Lead: Tomás García' });
	await design.getByRole('button', { name: 'Save' }).click();
	await expect(design).toContainText('led by Tomás García', SAVE);
	await expect(
		admin
			.getByTestId('team-row')
			.filter({ has: admin.getByLabel('Name of Platform', { exact: true }) })
	).toContainText('led by Fatima Zahra');
	for (const width of [1280, 390]) {
		await admin.setViewportSize({ width, height: 900 });
		expect(await horizontalOverflow(admin)).toBe(0);
		expect(await seriousViolations(admin)).toEqual([]);
	}
	await admin.setViewportSize({ width: 1280, height: 900 });

	// The directory shows who leads.
	await admin.goto('/people?q=Tom%C3%A1s');
	await expect(admin.getByRole('listitem').filter({ hasText: 'Tomás García' })).toContainText(
		'Design · Team lead'
	);

	// A policy's breach can escalate up to the assignee's lead; the form says what happens.
	await admin.goto('/admin/slo');
	const escalate = admin.getByLabel('Escalate up (tell them in the app)').first();
	await expect(escalate).toHaveValue('off');
	await escalate.selectOption({
		label: 'Escalate up to the assignee’s team lead (the admins when there is none)'
	});
	await expect(escalate).toHaveValue('lead');
	await expect(admin.getByText('Breaches escalate up:').first()).toBeVisible();

	// Back as it was, for the other walk-throughs.
	await admin.goto('/admin/teams');
	await design.getByLabel('Lead of Design').selectOption({ label: 'No lead' });
	await design.getByRole('button', { name: 'Save' }).click();
	await expect(design).toContainText('no lead', SAVE);
	await admin.context().close();
});
