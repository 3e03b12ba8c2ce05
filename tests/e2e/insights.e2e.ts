import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { seriousViolations } from './axe';
import { horizontalOverflow, signedIn } from './helpers';

// Insights on the demo workspace as a member: the organisation's figures from the seeded
// escalations, kudos and bugs, switching to a team and to "Me", a chart's CSV, someone
// else's individual figures refused, and the chart page passing axe in both themes.

const SAM = 'sam.rivera@demo.tandem.test';

test('a member reads insights, switches level, downloads a CSV and cannot see someone else', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const page = await signedIn(browser, SAM);
	// The demo's kudos make the organisation's figures non-empty in the month they were
	// given: read it from the wall (a run that starts just before a month ends crosses it).
	await page.goto('/kudos');
	const givenAt = await page.locator('time[datetime]').first().getAttribute('datetime');
	await page.goto(`/insights?period=month&start=${givenAt!.slice(0, 7)}-01`);
	await expect(page.getByRole('heading', { name: 'Insights: Organisation' })).toBeVisible();
	const given = page.getByTestId('headline').locator('[data-figure="kudosGiven"] td.current');
	await expect(given).not.toHaveText('0');
	await expect(
		page.getByRole('img', { name: /Kudos given and received by department/ })
	).toBeVisible();

	await page.getByLabel('Department or team').selectOption({ label: 'Frontline Support' });
	await expect(page.getByRole('heading', { name: 'Insights: Frontline Support' })).toBeVisible();

	await page.getByRole('link', { name: 'Week' }).click();
	await expect(page.getByText(/Week of/).first()).toBeVisible();
	await page.getByRole('link', { name: 'Me', exact: true }).click();
	await expect(page.getByRole('heading', { name: 'Insights: Sam Rivera' })).toBeVisible();
	await expect(page.getByText('Only you and admins can see these figures.')).toBeVisible();
	const samId = Number(new URL(page.url()).searchParams.get('id'));

	await page.getByRole('link', { name: 'Organisation' }).click();
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: 'CSV of the figures' }).click()
	]);
	expect(download.suggestedFilename()).toMatch(
		/^insights-headline-org-week-\d{4}-\d{2}-\d{2}\.csv$/
	);
	const csv = readFileSync((await download.path())!, 'utf8');
	expect(csv.startsWith('\uFEFF"Figure",')).toBe(true);
	expect(csv).toContain('"Kudos given",');

	// Someone else's individual figures: not found, page and CSV alike.
	const other = samId === 1 ? 2 : 1;
	const refused = await page.goto(`/insights?level=person&id=${other}`);
	expect(refused?.status()).toBe(404);
	const csvRefused = await page.request.get(`/insights/export.csv?level=person&id=${other}`);
	expect(csvRefused.status()).toBe(404);
	await page.context().close();
});

test('a department’s view breaks its figures down by team, with numbers and a CSV', async ({
	browser
}) => {
	const page = await signedIn(browser, SAM);
	await page.goto('/insights');
	await page.getByLabel('Department or team').selectOption({ label: 'Support' });
	await expect(page.getByRole('heading', { name: 'Insights: Support' })).toBeVisible();
	const card = page.getByRole('region', { name: 'By team', exact: true });
	await expect(card.getByRole('img', { name: /Kudos given and received by team/ })).toBeVisible();
	await card.getByText('Numbers').click();
	const table = card.getByRole('table');
	await expect(table.getByRole('columnheader', { name: 'Team', exact: true })).toBeVisible();
	// Support's two demo teams, and no team of another department.
	await expect(table.getByRole('rowheader', { name: 'Frontline Support' })).toBeVisible();
	await expect(table.getByRole('rowheader', { name: 'Customer Success' })).toBeVisible();
	await expect(table.getByRole('rowheader', { name: 'Platform' })).toHaveCount(0);
	await expect(page.getByRole('region', { name: 'By department', exact: true })).toHaveCount(0);
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		card.getByRole('link', { name: 'CSV of By team' }).click()
	]);
	expect(download.suggestedFilename()).toMatch(/^insights-teams-department-\d+-month-/);
	const csv = readFileSync((await download.path())!, 'utf8');
	expect(csv.startsWith('\uFEFF"Team","Bugs found",')).toBe(true);
	expect(csv).toContain('"Customer Success",');
	await page.context().close();
});

for (const theme of ['light', 'dark'] as const) {
	test(`the chart page passes axe and fits a phone (${theme})`, async ({ browser }) => {
		for (const width of [1280, 390]) {
			const page = await signedIn(browser, SAM, { theme, width });
			await page.goto('/insights');
			await expect(page.getByRole('heading', { name: 'Insights: Organisation' })).toBeVisible();
			await page.locator('details.numbers summary').first().click();
			expect(await seriousViolations(page)).toEqual([]);
			expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
			// A department's view, with its "By team" numbers open.
			await page.getByLabel('Department or team').selectOption({ label: 'Engineering' });
			await expect(page.getByRole('heading', { name: 'Insights: Engineering' })).toBeVisible();
			await page.getByRole('region', { name: 'By team', exact: true }).getByText('Numbers').click();
			expect(await seriousViolations(page), `department (${theme}, ${width})`).toEqual([]);
			expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
			await page.context().close();
		}
	});
}
