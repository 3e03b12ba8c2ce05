import { expect, test, type Page } from '@playwright/test';
import { seriousViolations } from './axe';
import { DESKTOP, mark, signedIn, untouched } from './helpers';

// Three people in three browsers on the demo workspace: Alex (admin) organises, Tomás
// (Product) captains a team, Aiko (Engineering) asks to join it. Each watches the others'
// changes arrive without reloading.
const ALEX = 'alex.admin@demo.tandem.test';
const TOMAS = 'tomas.garcia@demo.tandem.test';
const AIKO = 'aiko.tanaka@demo.tandem.test';

async function sidewaysScroll(page: Page): Promise<number> {
	return page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
}

/** "2030-01-02T09:00" for a datetime-local field (the demo workspace runs on UTC). */
function inputTime(date: Date): string {
	return date.toISOString().slice(0, 16);
}

test('an organiser creates a hackathon; a join request and its acceptance arrive live, ticking the checklist', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const alex = await signedIn(browser, ALEX, { ...DESKTOP });
	const tomas = await signedIn(browser, TOMAS, { ...DESKTOP });
	const aiko = await signedIn(browser, AIKO, { ...DESKTOP });

	// Alex creates it; a prize in a category that is no challenge is refused next to the field.
	await alex.goto('/hackathons');
	await alex.getByRole('link', { name: 'New hackathon' }).click();
	await alex.getByLabel('Title').fill('Onboarding Hack');
	await alex.getByRole('textbox', { name: 'Theme' }).fill('The first day');
	await alex.getByLabel('Description').fill('Make the **first day** great.');
	await alex.getByLabel('Challenges').fill('Setup *\nDocs');
	await alex.getByLabel('Prizes').fill('Overall | Grand prize | 200\nDocs | Best docs | 50');
	await alex.getByRole('button', { name: 'Create hackathon' }).click();
	await expect(alex.getByText('Line 2: “Docs” is not a prize category')).toBeVisible();
	await alex.getByLabel('Prizes').fill('Overall | Grand prize | 200\nSetup | Fastest setup | 50');
	await alex.getByRole('button', { name: 'Create hackathon' }).click();
	await expect(alex.getByRole('heading', { name: 'Onboarding Hack' })).toBeVisible();
	const path = new URL(alex.url()).pathname;
	expect(path).toMatch(/^\/hackathons\/\d+$/);
	await expect(alex.locator('.status [data-phase]')).toHaveText('Draft');
	await expect(alex.getByText('Registration opens in')).toBeVisible();
	await expect(alex.locator('.message strong')).toHaveText('first day');

	// Tomás has the page open when Alex opens registration: it shows at once.
	await tomas.goto(path);
	await mark(tomas);
	await alex.getByRole('button', { name: 'Start registration now' }).click();
	await expect(tomas.locator('.status [data-phase]')).toHaveText('Registration');
	await expect(tomas.getByText('Hacking starts in')).toBeVisible();

	// Alex extends the hacking start; Tomás's open page shows the new time.
	const newStart = new Date(Date.now() + 3 * 86_400_000);
	newStart.setUTCSeconds(0, 0);
	await alex.getByLabel('Move').selectOption({ label: 'Hacking starts' });
	await alex.getByLabel('To', { exact: true }).fill(inputTime(newStart));
	await alex.getByRole('button', { name: 'Move time' }).click();
	await expect(tomas.locator('time[data-time="hackingStartsAt"]')).toHaveAttribute(
		'datetime',
		newStart.toISOString()
	);
	expect(await untouched(tomas)).toBe(true);

	// Tomás starts a team and opens its page; Aiko sees it on the board.
	await tomas.getByLabel('Team name').fill('First Days');
	await tomas.getByRole('button', { name: 'Create team' }).click();
	const card = tomas.locator('[data-team="First Days"]');
	await expect(card.getByText('Tomás García (captain)')).toBeVisible();
	await card.getByRole('link', { name: 'First Days' }).click();
	await expect(tomas.getByRole('heading', { name: 'First Days' })).toBeVisible();
	await expect(tomas.getByText('No one is waiting.')).toBeVisible();
	await mark(tomas);

	await aiko.goto(path);
	const aikoCard = aiko.locator('[data-team="First Days"]');
	await expect(aikoCard.getByRole('listitem').filter({ hasText: '2 departments' })).toHaveAttribute(
		'data-met',
		'false'
	);
	await aikoCard.getByRole('button', { name: 'Ask to join First Days' }).click();
	await expect(aikoCard.getByText('You asked to join.')).toBeVisible();

	// The request appears on the captain's open team page without a reload.
	const request = tomas.locator('[data-request="Aiko Tanaka"]');
	await expect(request).toContainText('Aiko Tanaka asks to join');
	expect(await untouched(tomas)).toBe(true);

	// Aiko watches the team page; Tomás accepts; she appears as a member and the
	// department rule ticks on both screens.
	await aiko.goto(`${path}/teams/${new URL(tomas.url()).pathname.split('/').pop()}`);
	await expect(aiko.getByText('You asked to join. The captain will answer.')).toBeVisible();
	const rule = (page: Page) =>
		page.getByRole('list', { name: 'Cross-functional rule' }).getByRole('listitem').first();
	await expect(rule(aiko)).toHaveAttribute('data-met', 'false');
	await mark(aiko);
	await request.getByRole('button', { name: 'Accept Aiko Tanaka' }).click();
	const members = aiko.getByRole('list', { name: 'Members' });
	await expect(members.getByText('Aiko Tanaka')).toBeVisible();
	await expect(rule(aiko)).toHaveAttribute('data-met', 'true');
	await expect(rule(aiko)).toContainText('2 departments (2 so far)');
	await expect(rule(tomas)).toHaveAttribute('data-met', 'true');
	expect(await untouched(aiko)).toBe(true);

	// Aiko cannot answer requests or invite: no controls, and a forged post is refused.
	await expect(aiko.getByRole('button', { name: /^Accept/ })).toHaveCount(0);
	const forged = await aiko.request.post(`${new URL(aiko.url()).pathname}?/invite`, {
		headers: { origin: new URL(aiko.url()).origin },
		form: { personId: '1' }
	});
	expect(await forged.text()).toContain('Only the captain can invite people.');
	expect(await seriousViolations(aiko)).toEqual([]);
});

for (const width of [1280, 390]) {
	test(`hackathon pages have no sideways scroll at ${width} px and no serious axe findings`, async ({
		browser
	}) => {
		// Five pages, each checked with axe: slower than one flow on a busy machine.
		test.setTimeout(150_000);
		const page = await signedIn(browser, ALEX, { width: width });
		await page.goto('/hackathons');
		await page.getByRole('link', { name: 'Customer Delight Hack' }).click();
		await expect(page.getByRole('heading', { name: 'Customer Delight Hack' })).toBeVisible();
		await expect(page.getByText('Submissions close in')).toBeVisible();
		await expect(
			page.locator('[data-team="Pipeline Pals"]').getByText('Misses the rule')
		).toBeVisible();
		const hackathonPath = new URL(page.url()).pathname;
		for (const path of [
			'/hackathons',
			hackathonPath,
			'/hackathons/new',
			'/hackathons/organisers'
		]) {
			await page.goto(path);
			expect(await sidewaysScroll(page), `${path} at ${width}px`).toBe(0);
			expect(await seriousViolations(page), `${path} at ${width}px`).toEqual([]);
		}
		await page.goto(hackathonPath);
		await page.locator('[data-team="Ticket Whisperers"]').getByRole('link').first().click();
		await expect(page.getByRole('heading', { name: 'Ticket Whisperers' })).toBeVisible();
		expect(await sidewaysScroll(page)).toBe(0);
		expect(await seriousViolations(page)).toEqual([]);
	});
}

test('ids that are not hackathons or teams are 404, never 500', async ({ browser }) => {
	const page = await signedIn(browser, AIKO, { ...DESKTOP });
	for (const path of [
		'/hackathons/0',
		'/hackathons/abc',
		'/hackathons/99999999999',
		'/hackathons/2147483647',
		'/hackathons/1/teams/2147483647',
		'/hackathons/1/teams/x'
	]) {
		const response = await page.goto(path);
		expect(response?.status(), path).toBe(404);
	}
	// A member without the organisers' permission cannot open the New hackathon form.
	expect((await page.goto('/hackathons/new'))?.status()).toBe(403);
});
