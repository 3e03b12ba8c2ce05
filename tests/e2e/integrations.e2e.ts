import { createHmac } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { seriousViolations } from './axe';
import { DESKTOP, horizontalOverflow, mark, signedIn, untouched } from './helpers';

// /admin/integrations on the demo workspace: the seeded Zendesk and Jira integrations and
// their log (one refusal with its reason); an admin creates a Jira integration, sees its
// secret once, and a delivery signed with it appears in the log live; members are refused.
const ALEX = 'alex.admin@demo.tandem.test';
const PRIYA = 'priya.natarajan@demo.tandem.test';

test('an admin creates a Jira integration and watches a signed delivery arrive', async ({
	browser,
	request
}) => {
	const alex = await signedIn(browser, ALEX, { width: DESKTOP.width, live: true });
	await alex.goto('/admin/integrations');
	await expect(alex.getByRole('heading', { name: 'Integrations', level: 1 })).toBeVisible();
	await expect(alex.getByTestId('integration')).toHaveCount(2);
	const refused = alex.getByTestId('delivery').filter({ hasText: 'Refused' });
	await expect(refused).toHaveCount(1);
	await expect(refused).toContainText('The Zendesk signature does not match.');

	// A bad name is refused next to the field, and nothing is created.
	await alex.getByLabel('Source').selectOption('jira');
	await alex.getByRole('button', { name: 'Create integration' }).click();
	await expect(alex.getByText('Name the integration.')).toBeVisible();
	await expect(alex.getByTestId('integration')).toHaveCount(2);

	await alex.getByLabel('Name', { exact: true }).fill('QA Jira');
	await alex.getByRole('button', { name: 'Create integration' }).click();
	const created = alex.getByTestId('created');
	await expect(created).toContainText('“QA Jira” is ready');
	const secret = (await alex.getByTestId('secret').textContent())!.trim();
	expect(secret.length).toBeGreaterThanOrEqual(32);
	const address = (await created.locator('code').first().textContent())!.trim();
	await expect(alex.getByTestId('integration')).toHaveCount(3);

	await mark(alex);
	const body = JSON.stringify({
		webhookEvent: 'jira:issue_created',
		issue: {
			key: 'QA-7',
			fields: { summary: 'Login loops', status: { name: 'To Do' }, issuetype: { name: 'Bug' } }
		}
	});
	const answer = await request.post(address, {
		data: body,
		headers: {
			'content-type': 'application/json',
			'x-hub-signature': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
			'x-atlassian-webhook-identifier': 'e2e-1'
		}
	});
	expect(answer.status()).toBe(200);
	await expect(alex.getByTestId('linked-item').filter({ hasText: 'QA-7' })).toContainText('to do');
	await expect(alex.getByTestId('delivery').first()).toContainText('QA Jira');
	expect(await untouched(alex)).toBe(true);

	// A wrongly signed one is refused and says why.
	const forged = await request.post(address, {
		data: body,
		headers: { 'content-type': 'application/json', 'x-hub-signature': 'sha256=00' }
	});
	expect(forged.status()).toBe(401);
	expect((await forged.json()).message).toBe('The Jira signature does not match.');

	// After a reload the secret is gone for good: only its last characters show.
	await alex.reload();
	await expect(alex.getByTestId('created')).toHaveCount(0);
	await expect(alex.getByText(secret)).toHaveCount(0);
	await expect(alex.getByTestId('integration').filter({ hasText: 'QA Jira' })).toContainText(
		`ends with …${secret.slice(-4)}`
	);
});

test('the page fits phones and desktops and passes axe in both themes', async ({ browser }) => {
	for (const theme of ['light', 'dark'] as const) {
		for (const width of [DESKTOP.width, 390]) {
			const page = await signedIn(browser, ALEX, { width, theme });
			await page.goto('/admin/integrations');
			await expect(page.getByRole('heading', { name: 'Delivery log' })).toBeVisible();
			expect(await horizontalOverflow(page), `${theme} at ${width}px`).toBe(0);
			expect(await seriousViolations(page), `${theme} at ${width}px`).toEqual([]);
			await page.context().close();
		}
	}
});

test('members are refused the page', async ({ browser }) => {
	const priya = await signedIn(browser, PRIYA);
	const answer = await priya.goto('/admin/integrations');
	expect(answer?.status()).toBe(403);
});
