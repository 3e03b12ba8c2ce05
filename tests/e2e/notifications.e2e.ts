import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, test, type Browser, type Page } from '@playwright/test';

// The stored inbox on the demo workspace: Jordan (Customer Success) reports a bug and
// signs out; Maya organises the bash and accepts it while he is away.
const PASSWORD = 'tandem-demo-2026';
const MAYA = 'maya.okafor@demo.tandem.test';
const JORDAN = 'jordan.lee@demo.tandem.test';
const BUG = 'Export to CSV drops the last row';
const ACCEPTED = new RegExp(`^(Unread: )?Your bug “${BUG}” was accepted`);

const axeSource = readFileSync(
	createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
	'utf8'
);

async function signIn(page: Page, email: string): Promise<void> {
	await page.goto('/login');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('heading', { name: /^Welcome/ })).toBeVisible();
}

async function signedIn(browser: Browser, email: string): Promise<Page> {
	const page = await (await browser.newContext()).newPage();
	await signIn(page, email);
	return page;
}

/** The bell's accessible name says how many are unread: "Notifications, 3 new". */
function bell(page: Page) {
	return page.getByRole('button', { name: /^Notifications/ });
}

async function unreadOnBell(page: Page): Promise<number> {
	const name = (await bell(page).getAttribute('aria-label')) ?? '';
	return Number(/, (\d+) new$/.exec(name)?.[1] ?? 0);
}

/** Serious or critical axe-core violations on the current page. */
async function seriousViolations(page: Page): Promise<string[]> {
	// Evaluated by the test driver: an injected inline <script> is (rightly) refused by the
	// page's Content-Security-Policy.
	await page.evaluate(axeSource);
	return page.evaluate(async () => {
		const axe = (window as unknown as { axe: { run(): Promise<{ violations: unknown[] }> } }).axe;
		const { violations } = await axe.run();
		return (violations as { id: string; impact: string; nodes: { target: string[] }[] }[])
			.filter((v) => v.impact === 'serious' || v.impact === 'critical')
			.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
	});
}

test('a bug accepted while its reporter was away waits in their inbox until read', async ({
	browser
}) => {
	const maya = await signedIn(browser, MAYA);
	await maya.goto('/bugbash/new');
	await maya.getByLabel('Title').fill('Reports bash');
	await maya.getByLabel('Feature or release under test').fill('Reports');
	await maya.getByLabel('Areas to cover').fill('Export\nCharts');
	await maya.getByRole('button', { name: 'Create bug bash' }).click();
	await maya.getByRole('button', { name: 'Start now' }).click();
	await expect(maya.getByRole('link', { name: 'Log a bug' })).toBeVisible();
	const bashPath = new URL(maya.url()).pathname;

	// Jordan starts with nothing unread, logs a bug and signs out.
	const jordan = await signedIn(browser, JORDAN);
	await jordan.goto('/notifications');
	const markAll = jordan.getByRole('main').getByRole('button', { name: 'Mark all read' });
	if (await markAll.isVisible()) await markAll.click();
	await expect(jordan.getByTestId('unread-summary')).toHaveText('Nothing unread.');
	await expect(bell(jordan)).toHaveAccessibleName('Notifications');
	await jordan.goto(`${bashPath}/log`);
	await jordan.getByLabel('Title').fill(BUG);
	await jordan.getByLabel('Area').selectOption('Export');
	await jordan.getByLabel('Severity').selectOption('low');
	await jordan.getByLabel('Steps to reproduce').fill('1. Open a report\n2. Export to CSV');
	await jordan.getByLabel('Expected result').fill('Every row is in the file');
	await jordan.getByLabel('Actual result').fill('The last row is missing');
	await jordan.getByRole('button', { name: 'Log bug' }).click();
	await expect(jordan).toHaveURL(/\?logged=\d+$/);
	const bugId = new URL(jordan.url()).searchParams.get('logged')!;
	await jordan.getByRole('button', { name: 'Sign out' }).click();
	await expect(jordan).toHaveURL(/\/login/);

	// Maya accepts it; nobody is there to hear it live.
	await maya.goto(`${bashPath}/bugs/${bugId}`);
	await maya.getByRole('button', { name: 'Accept' }).click();
	await expect(maya.getByTestId('bug-status')).toHaveText('Accepted');

	// Jordan comes back: the tray has it, counted from the database.
	await signIn(jordan, JORDAN);
	await expect(bell(jordan)).toHaveAccessibleName(/^Notifications, \d+ new$/);
	const unread = await unreadOnBell(jordan);
	expect(unread).toBeGreaterThanOrEqual(1);
	await bell(jordan).click();
	const tray = jordan.getByRole('region', { name: 'Notifications', exact: true });
	await expect(tray.getByRole('button', { name: ACCEPTED })).toBeVisible();
	await expect(tray.getByRole('button', { name: ACCEPTED })).toHaveAccessibleName(/^Unread:/);

	// The count survives a reload, and the inbox page lists it as unread.
	await jordan.reload();
	await expect(bell(jordan)).toHaveAccessibleName(`Notifications, ${unread} new`);
	await jordan.goto('/notifications');
	await expect(jordan.getByTestId('unread-summary')).toHaveText(`${unread} unread.`);
	const entry = jordan.getByRole('main').getByRole('button', { name: ACCEPTED });
	await expect(entry).toHaveAccessibleName(/^Unread:/);
	// No serious accessibility issue on the page and the open tray, in both themes.
	await bell(jordan).click();
	expect(await seriousViolations(jordan)).toEqual([]);
	await jordan.context().addCookies([{ name: 'theme', value: 'dark', url: jordan.url() }]);
	await jordan.reload();
	await bell(jordan).click();
	expect(await seriousViolations(jordan)).toEqual([]);

	// On a phone the page and the open tray fit the screen.
	await jordan.setViewportSize({ width: 390, height: 800 });
	await bell(jordan).click();
	await bell(jordan).click();
	const panel = await tray.boundingBox();
	expect(panel!.x).toBeGreaterThanOrEqual(0);
	expect(panel!.x + panel!.width).toBeLessThanOrEqual(390);
	expect(await jordan.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
		390
	);
	await jordan.setViewportSize({ width: 1280, height: 720 });

	// "Mark all read" in the tray clears the count, for good.
	await tray.getByRole('button', { name: 'Mark all read' }).click();
	await expect(bell(jordan)).toHaveAccessibleName('Notifications');
	await expect(jordan.getByTestId('unread-summary')).toHaveText('Nothing unread.');
	await expect(entry).not.toHaveAccessibleName(/^Unread:/);
	await jordan.reload();
	await expect(bell(jordan)).toHaveAccessibleName('Notifications');

	// While he is here, Maya's comment arrives live; opening it marks it read and leads to it.
	await maya.getByLabel('Add a comment').fill('Reproduced with the sales report too.');
	await maya.getByRole('button', { name: 'Comment', exact: true }).click();
	await expect(bell(jordan)).toHaveAccessibleName('Notifications, 1 new');
	await bell(jordan).click();
	await tray.getByRole('button', { name: `Unread: New comment on “${BUG}”.` }).click();
	await expect(jordan).toHaveURL(new RegExp(`${bashPath}/bugs/${bugId}$`));
	await expect(jordan.getByRole('heading', { name: BUG })).toBeVisible();
	await expect(bell(jordan)).toHaveAccessibleName('Notifications');

	// Jordan answers: Maya is told. He cannot mark her notification read, even by hand.
	await jordan.getByLabel('Add a comment').fill('Thanks, I will tell the customer.');
	await jordan.getByRole('button', { name: 'Comment', exact: true }).click();
	await maya.goto('/notifications');
	const hers = maya.getByTestId('notification').filter({ hasText: `New comment on “${BUG}”` });
	await expect(hers.getByRole('button', { name: /^Unread:/ })).toBeVisible();
	const hersId = await hers.locator('input[name="id"]').first().inputValue();
	const forged = await jordan.request.post('/notifications?/read', {
		headers: { origin: new URL(jordan.url()).origin },
		form: { id: hersId }
	});
	expect(await forged.text()).toContain('That notification does not exist.');
	await maya.reload();
	await expect(hers.getByRole('button', { name: /^Unread:/ })).toBeVisible();

	for (const page of [maya, jordan]) await page.context().close();
});

test('the inbox works without JavaScript, and preferences are saved', async ({ browser }) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const jordan = await context.newPage();
	await jordan.goto('/login');
	await jordan.getByLabel('Email').fill(JORDAN);
	await jordan.getByLabel('Password').fill(PASSWORD);
	await jordan.getByRole('button', { name: 'Sign in' }).click();
	// Without scripts the bell is a link to the inbox.
	await jordan.getByRole('link', { name: /^Notifications/ }).click();
	await expect(jordan.getByRole('heading', { name: 'Notifications', level: 1 })).toBeVisible();

	const form = jordan.getByRole('region', { name: 'What you are told' });
	await expect(form.getByLabel('Kudos for me', { exact: true })).toHaveValue('app');
	await form.getByLabel('Kudos for me', { exact: true }).selectOption('email');
	await form.getByLabel('My bug is marked a duplicate').selectOption('off');
	await form.getByRole('button', { name: 'Save choices' }).click();
	await expect(jordan.getByText('Your notification choices are saved.')).toBeVisible();
	await jordan.goto('/notifications');
	await expect(form.getByLabel('Kudos for me', { exact: true })).toHaveValue('email');
	await expect(form.getByLabel('My bug is marked a duplicate')).toHaveValue('off');
	await expect(form.getByLabel('My bug is accepted')).toHaveValue('app');

	await context.close();
});
