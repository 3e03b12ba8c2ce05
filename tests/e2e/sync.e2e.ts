import { expect, test } from '@playwright/test';
import { horizontalOverflow, mark, signedIn, untouched } from './helpers';

// The monthly sync on the demo workspace: the admin generates this month's agenda again,
// writes a note and an action item while a support agent watches the draft change live,
// then publishes it; the agent sees it published and the action item on their home page.

const ALEX = 'alex.admin@demo.tandem.test';
const SAM = 'sam.rivera@demo.tandem.test';
const ITEM = `Send the renewal list to product ${Date.now().toString(36)}`;

test('an admin generates, edits and publishes the agenda; a member sees it and their item', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const alex = await signedIn(browser, ALEX, { live: true });
	await alex.goto('/sync');
	await alex.getByRole('button', { name: 'Generate this month’s agenda' }).click();
	await expect(alex.getByTestId('agenda-status')).toHaveText('Draft');
	const agendaPath = new URL(alex.url()).pathname;
	expect(agendaPath).toMatch(/^\/sync\/\d+$/);

	const sam = await signedIn(browser, SAM, { live: true });
	await sam.goto(agendaPath);
	await expect(sam.getByTestId('agenda-status')).toHaveText('Draft');
	await expect(sam.getByRole('button', { name: 'Publish the agenda' })).toHaveCount(0);
	await expect(sam.getByTestId('connection-status')).toHaveText('Live');
	await mark(sam);

	// A note on the SLO section, seen by the agent without reloading.
	const note = 'Two enterprise breaches: agree on paging before the next release.';
	await alex.getByLabel('Note on slo status').fill(note);
	await alex
		.getByRole('region', { name: 'SLO status' })
		.getByRole('button', { name: 'Save note' })
		.click();
	await expect(alex.getByText('Note saved.')).toBeVisible();
	await expect(sam.getByTestId('note-slo')).toHaveText(note);
	expect(await untouched(sam)).toBe(true);

	// An action item for the agent; a missing owner is refused next to the field first.
	await alex.getByLabel('Action', { exact: true }).fill(ITEM);
	await alex.getByLabel('Due', { exact: true }).fill('2026-12-20');
	await alex.getByRole('button', { name: 'Add action item' }).click();
	await expect(alex.getByText('Choose who owns it.')).toBeVisible();
	await alex.getByLabel('Owner', { exact: true }).selectOption({ label: 'Sam Rivera' });
	await alex.getByRole('button', { name: 'Add action item' }).click();
	await expect(alex.getByText('Action item added; its owner has been told.')).toBeVisible();
	await expect(sam.getByTestId('action-items')).toContainText(ITEM);

	await alex.getByRole('button', { name: 'Publish the agenda' }).click();
	await expect(alex.getByTestId('agenda-status')).toHaveText('Published');
	await expect(sam.getByTestId('agenda-status')).toHaveText('Published');
	await expect(sam.getByTestId('note-slo')).toHaveText(note);
	await expect(sam.getByRole('link', { name: 'Download Markdown' })).toBeVisible();
	const markdown = await sam.request.get(`${agendaPath}/agenda.md`);
	expect(markdown.status()).toBe(200);
	expect(await markdown.text()).toContain(ITEM);

	// Regenerating a published agenda is refused with the reason.
	await alex.goto('/sync');
	await alex.getByRole('button', { name: 'Generate this month’s agenda' }).click();
	await expect(
		alex.getByText(
			'This agenda is published: its figures are frozen and cannot be generated again.'
		)
	).toBeVisible();

	// The agent's home page lists the item; their inbox has it too.
	await sam.goto('/');
	await expect(sam.getByTestId('sync-actions')).toContainText(ITEM);
	await sam.goto('/notifications');
	await expect(
		sam.getByText(new RegExp(`An action item from the .* sync is yours: “${ITEM}”`)).first()
	).toBeVisible();
});

test('the agenda fits a phone and a laptop without sideways scrolling', async ({ browser }) => {
	for (const width of [390, 1280]) {
		const page = await signedIn(browser, ALEX, { width });
		await page.goto('/sync');
		await page.getByRole('list', { name: 'Agendas' }).locator('a').first().click();
		await expect(page.getByRole('heading', { name: 'Headline figures' })).toBeVisible();
		expect(await horizontalOverflow(page)).toBe(0);
		await page.screenshot({ path: `test-results/sync-${width}.png`, fullPage: true });
		await page.emulateMedia({ media: 'print' });
		await page.screenshot({ path: `test-results/sync-${width}-print.png`, fullPage: true });
		await page.context().close();
	}
});
