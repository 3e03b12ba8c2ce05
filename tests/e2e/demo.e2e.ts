import { expect, test } from '@playwright/test';

// What a newcomer sees after `npm start` on a fresh machine: the labelled demo workspace.
test('a newcomer signs in to the demo workspace with the sign-in shown on the login page', async ({
	page
}) => {
	await page.goto('/');
	await expect(page).toHaveURL(/\/login$/);
	const note = page.getByRole('note', { name: 'Demo workspace' });
	await expect(note).toBeVisible();
	const [email, password] = await note.locator('code').allTextContents();

	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('heading', { name: 'Welcome, Alex' })).toBeVisible();
	await expect(page.getByText('Demo workspace — everything here is sample data')).toBeVisible();

	await page
		.getByRole('navigation', { name: 'Main' })
		.getByRole('link', { name: 'People' })
		.click();
	await expect(page.getByText('10 people')).toBeVisible();
	await page.getByLabel('Department').selectOption({ label: 'Engineering' });
	await page.getByRole('button', { name: 'Search' }).click();
	await expect(page.getByText('4 people match')).toBeVisible();
});

test('the theme switch is remembered across pages', async ({ page }) => {
	await page.goto('/login');
	const html = page.locator('html');
	await expect(html).toHaveAttribute('data-theme', 'system');
	await page.getByLabel('Email').fill('alex.admin@demo.tandem.test');
	await page.getByLabel('Password').fill('tandem-demo-2026');
	await page.getByRole('button', { name: 'Sign in' }).click();
	// Each choice is saved in the background: wait for it before the next step.
	const choose = async (name: RegExp) => {
		const saved = page.waitForResponse((r) => r.url().endsWith('/theme') && r.status() === 204);
		await page.getByRole('button', { name }).click();
		await saved;
	};
	await choose(/Switch to light theme/);
	await expect(html).toHaveAttribute('data-theme', 'light');
	await choose(/Switch to dark theme/);
	await expect(html).toHaveAttribute('data-theme', 'dark');
	await page.reload();
	await expect(html).toHaveAttribute('data-theme', 'dark');
});

test('without JavaScript, an admin creates an invitation link with the team left for later', async ({
	browser
}) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await page.goto('/login');
	await page.getByLabel('Email').fill('alex.admin@demo.tandem.test');
	await page.getByLabel('Password').fill('tandem-demo-2026');
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('heading', { name: 'Welcome, Alex' })).toBeVisible();
	// No live connection without scripts, and the header says so.
	await expect(page.getByTestId('connection-status')).toMatchAriaSnapshot('- status: Not live');

	await page.goto('/admin/people');
	await page.getByLabel('Email (optional)').fill('newcomer@demo.tandem.test');
	await expect(page.getByLabel('Team (optional)')).toHaveValue('0');
	await page.getByRole('button', { name: 'Create invitation link' }).click();
	await expect(page.getByText('Invitation created.')).toBeVisible();
	await expect(page.getByRole('cell', { name: 'newcomer@demo.tandem.test' })).toBeVisible();
	await context.close();
});
