import { expect, test, type Browser, type Page } from '@playwright/test';

// Workspace settings on the demo workspace: an admin renames the workspace while a member
// watches the header change live; the settings forms work without JavaScript and refuse
// bad hours and dates next to their fields.
const PASSWORD = 'tandem-demo-2026';
const ALEX = 'alex.admin@demo.tandem.test';
const PRIYA = 'priya.natarajan@demo.tandem.test';

async function signedIn(browser: Browser, email: string, javaScriptEnabled = true): Promise<Page> {
	const context = await browser.newContext({ javaScriptEnabled });
	const page = await context.newPage();
	await page.goto('/login');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('heading', { name: /^Welcome/ })).toBeVisible();
	return page;
}

// Not green yet: the save succeeds but its "Saved." answer is not seen (the page's own live
// reload seems to replace the form; issue 11's closing note). The settings rules are covered
// by tests/integration/workspace.test.ts meanwhile.
test('an admin renames the workspace and another person sees the header change live', async ({
	browser
}) => {
	const alex = await signedIn(browser, ALEX);
	const priya = await signedIn(browser, PRIYA);
	await expect(priya.getByTestId('connection-status')).toHaveText('Live');
	await priya.evaluate(() => ((window as unknown as { untouched: boolean }).untouched = true));

	await alex.goto('/admin/workspace');
	const name = alex.getByLabel('Workspace name');
	const before = await name.inputValue();
	await name.fill('Acme Support Hub');
	await alex.getByLabel('Time zone', { exact: true }).selectOption('Europe/Berlin');
	await alex.getByRole('button', { name: 'Save', exact: true }).click();
	await expect(alex.getByText('Saved.')).toBeVisible();
	await expect(alex.getByTestId('workspace-name')).toHaveText('Acme Support Hub');

	// Priya's page was not reloaded: the room event refreshed the layout's data.
	await expect(priya.getByTestId('workspace-name')).toHaveText('Acme Support Hub');
	expect(
		await priya.evaluate(() => (window as unknown as { untouched?: boolean }).untouched === true)
	).toBe(true);

	// A member is refused the page and its actions.
	const refused = await priya.goto('/admin/workspace');
	expect(refused?.status()).toBe(403);

	// Put the demo's name back for the other suites.
	await name.fill(before);
	await alex.getByRole('button', { name: 'Save', exact: true }).click();
	await expect(alex.getByTestId('workspace-name')).toHaveText(before);
	await alex.context().close();
	await priya.context().close();
});

test('the settings forms work without JavaScript and refuse bad input next to the field', async ({
	browser
}) => {
	const alex = await signedIn(browser, ALEX, false);
	await alex.goto('/admin/workspace');

	// Overlapping spans: refused next to Tuesday, nothing saved.
	await alex.getByLabel('Tuesday').fill('09:00–13:00, 12:00–17:00');
	await alex.getByRole('button', { name: 'Save business hours' }).click();
	await expect(alex.locator('#hours-tue-error')).toHaveText('09:00–13:00 and 12:00–17:00 overlap.');
	await alex.goto('/admin/workspace');
	await expect(alex.getByLabel('Tuesday')).toHaveValue('09:00–17:00');

	// Several spans on a day, Saturday opened: saved and shown back as stored.
	await alex.getByLabel('Tuesday').fill('13:00-17:00, 9-12');
	await alex.getByLabel('Saturday').fill('10:00–14:00');
	await alex.getByRole('button', { name: 'Save business hours' }).click();
	await expect(alex.getByText('Business hours saved.')).toBeVisible();
	await alex.goto('/admin/workspace');
	await expect(alex.getByLabel('Tuesday')).toHaveValue('09:00–12:00, 13:00–17:00');
	await expect(alex.getByLabel('Saturday')).toHaveValue('10:00–14:00');

	// A holiday without a label is refused next to the field; with one it is listed.
	await alex.getByLabel('Date', { exact: true }).fill('2026-12-25');
	await alex.getByRole('button', { name: 'Add holiday' }).click();
	await expect(alex.locator('#holiday-label-error')).toHaveText('Say what the holiday is.');
	await alex.getByLabel('What it is').fill('Christmas Day');
	await alex.getByRole('button', { name: 'Add holiday' }).click();
	await expect(alex.getByText('Christmas Day (2026-12-25) added.')).toBeVisible();
	await expect(alex.getByRole('listitem').filter({ hasText: 'Christmas Day' })).toBeVisible();

	// A public mail provider is refused with a warning until the admin ticks the box.
	await alex.getByLabel('Domain', { exact: true }).fill('gmail.com');
	await alex.getByRole('button', { name: 'Open sign-up' }).click();
	await expect(alex.locator('#field-domain-error')).toContainText('public email provider');
	await alex.getByLabel(/I understand/).check();
	await alex.getByRole('button', { name: 'Open sign-up' }).click();
	await expect(alex.getByText('Anyone with an @gmail.com address can now sign up.')).toBeVisible();

	// Clean up what the other suites do not expect.
	await alex.getByRole('button', { name: 'Close sign-up for gmail.com' }).click();
	await alex.getByRole('button', { name: 'Remove Christmas Day (2026-12-25)' }).click();
	await expect(alex.getByText('No holidays yet')).toBeVisible();
	await alex.getByLabel('Tuesday').fill('09:00–17:00');
	await alex.getByLabel('Saturday').fill('');
	await alex.getByRole('button', { name: 'Save business hours' }).click();
	await expect(alex.getByText('Business hours saved.')).toBeVisible();
	await alex.context().close();
});
