import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, DESKTOP, horizontalOverflow, mark, signedIn, untouched } from './helpers';

// A newcomer's first hour on the demo workspace: the demo sign-ins, the home page as the
// person's day, the menu on a phone, the board's filters and announcements, the recipient
// combobox, the live balance on the rewards page and the bug export.
const ALEX = 'alex.admin@demo.tandem.test';
const MAYA = 'maya.okafor@demo.tandem.test';
const PRIYA = 'priya.natarajan@demo.tandem.test';
const AIKO = 'aiko.tanaka@demo.tandem.test';
const JORDAN = 'jordan.lee@demo.tandem.test';

test('the demo login page offers one person per department, all with the shared password', async ({
	page
}) => {
	await page.goto('/login');
	const note = page.getByRole('note', { name: 'Demo workspace' });
	await expect(note).toContainText('everyone shares that password');
	for (const [name, department] of [
		['Alex Admin', 'Other · admin'],
		['Priya Natarajan', 'Support'],
		['Maya Okafor', 'Product'],
		['Chen Wei', 'Engineering']
	]) {
		await expect(note.getByRole('listitem').filter({ hasText: name })).toContainText(department);
	}
	await note.getByRole('button', { name: 'Use Maya Okafor’s sign-in' }).click();
	await expect(page.getByLabel('Email')).toHaveValue(MAYA);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('heading', { name: 'Welcome, Maya' })).toBeVisible();
});

test('home is the person’s day: the live bash to join, their work, points and kudos, live', async ({
	browser
}) => {
	const jordan = await signedIn(browser, JORDAN, { ...DESKTOP, live: true });
	// The running demo bash, which Jordan has not joined yet.
	const banner = jordan.getByRole('region', { name: 'Checkout v2 bug bash' });
	await expect(banner).toContainText('Bug bash live now');
	await expect(jordan.getByTestId('upcoming')).toContainText('Mobile app 5.0 bash');
	await expect(jordan.getByTestId('my-points')).toContainText('left to give this month');
	const balanceBefore = Number(
		(await jordan.getByTestId('my-points').locator('dd strong').first().textContent())?.replace(
			/,/g,
			''
		)
	);
	await mark(jordan);

	// Maya thanks Jordan with points: Jordan's open home page shows it, and the balance moves.
	const maya = await signedIn(browser, MAYA, { ...DESKTOP, live: true });
	await maya.goto('/kudos');
	const give = maya.getByRole('form', { name: 'Give kudos' });
	await give.getByLabel('Recipients').fill('Jordan Lee');
	await give.getByLabel('Message').fill('Jordan turned a churn risk into a renewal call.');
	await give.getByLabel('Value').selectOption({ index: 1 });
	await give.getByLabel('Points').fill('10');
	await give.getByRole('button', { name: 'Give kudos' }).click();
	await expect(maya.getByText('Kudos given. Thank you for saying it!')).toBeVisible();

	await expect(jordan.getByTestId('recent-kudos')).toContainText(
		'Jordan turned a churn risk into a renewal call.'
	);
	await expect(jordan.getByTestId('my-points').locator('dd strong').first()).toHaveText(
		String(balanceBefore + 10)
	);
	expect(await untouched(jordan)).toBe(true);

	// Join from the banner: a plain form post onto the bash, now taking part.
	await banner.getByRole('button', { name: 'Join' }).click();
	await expect(jordan.getByText('You are taking part in this bash.')).toBeVisible();
	await jordan.goto('/');
	await expect(
		jordan.getByRole('region', { name: 'Checkout v2 bug bash' }).getByRole('link', {
			name: 'Open the board'
		})
	).toBeVisible();
	await maya.context().close();
	await jordan.context().close();
});

test('on a phone the navigation is a menu: keyboard opens it, Escape closes it', async ({
	browser
}) => {
	const page = await signedIn(browser, ALEX, { width: 390, live: true });
	expect(await horizontalOverflow(page)).toBe(0);
	const menu = page.locator('summary', { hasText: 'Menu' });
	await expect(page.getByRole('link', { name: 'Escalations' })).toBeHidden();
	await menu.focus();
	await page.keyboard.press('Enter');
	const nav = page.getByRole('navigation', { name: 'Main' });
	await expect(nav.getByRole('link', { name: 'Escalations' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
	await page.keyboard.press('Escape');
	await expect(nav).toBeHidden();
	await expect(menu).toBeFocused();

	await page.keyboard.press('Enter');
	await nav.getByRole('link', { name: 'Escalations' }).click();
	await expect(page.getByRole('heading', { name: 'Escalations', level: 1 })).toBeVisible();
	// Following a link closes the menu over the new page.
	await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
	await page.context().close();
});

test('without JavaScript the phone menu still opens (a native disclosure)', async ({ browser }) => {
	const context = await browser.newContext({
		javaScriptEnabled: false,
		viewport: { width: 390, height: 900 }
	});
	const page = await context.newPage();
	await page.goto('/login');
	await page.getByLabel('Email').fill(ALEX);
	await page.getByLabel('Password').fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('heading', { name: 'Welcome, Alex' })).toBeVisible();
	await page.getByText('Menu', { exact: true }).click();
	await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Kudos' }).click();
	await expect(page.getByRole('heading', { name: 'Kudos', level: 1 })).toBeVisible();
	await context.close();
});

test('board filters work with JavaScript on, and live arrivals are announced', async ({
	browser
}) => {
	const maya = await signedIn(browser, MAYA, { ...DESKTOP, live: true });
	await maya.goto('/bugbash');
	await maya.getByRole('link', { name: 'Checkout v2 bug bash' }).first().click();
	await expect(maya).toHaveURL(/\/bugbash\/\d+$/);
	const board = new URL(maya.url()).pathname;
	await mark(maya);

	await maya.getByLabel('Area').selectOption('Payments');
	await expect(maya).toHaveURL(/\?area=Payments$/);
	const cards = maya.locator('.bug.card');
	await expect(cards.first()).toBeVisible();
	for (const text of await cards.allTextContents()) expect(text).toContain('Payments');
	await expect(maya.getByText('Coupon field accepts spaces')).toBeHidden();
	await maya.getByLabel('Area').selectOption('');
	await expect(maya.getByText('Coupon field accepts spaces')).toBeVisible();
	expect(await untouched(maya)).toBe(true);

	// Priya logs a bug with one very long word in its title; Maya's screen reader hears it,
	// and the board (on a phone too) does not grow sideways.
	const priya = await signedIn(browser, PRIYA, { ...DESKTOP, live: true });
	const longWord = 'Checkout'.repeat(12);
	await priya.goto(`${board}/log`);
	await priya.getByLabel('Title').fill(`${longWord} breaks`);
	await priya.getByLabel('Area').selectOption('Cart');
	await priya.getByLabel('Severity').selectOption('low');
	await priya.getByLabel('Steps to reproduce').fill('1. Open the cart');
	await priya.getByLabel('Expected result').fill('It fits');
	await priya.getByLabel('Actual result').fill('It does not');
	await priya.getByRole('button', { name: 'Log bug' }).click();
	await expect(priya).toHaveURL(/\?logged=\d+$/);

	await expect(maya.getByTestId('board-announcer')).toHaveText(
		new RegExp(`New bug #\\d+ in Cart from Priya Natarajan: ${longWord} breaks`)
	);
	expect(await untouched(maya)).toBe(true);
	for (const width of [1280, 390]) {
		await maya.setViewportSize({ width, height: 900 });
		expect(await horizontalOverflow(maya)).toBe(0);
		const column = maya.locator('[data-status="new"]');
		const box = (await column.boundingBox())!;
		expect(box.x + box.width).toBeLessThanOrEqual(width);
	}
	await maya.context().close();
	await priya.context().close();
});

test('the recipient picker is a combobox: announced, arrow keys, Enter and Escape', async ({
	browser
}) => {
	const page = await signedIn(browser, PRIYA, { ...DESKTOP, live: true });
	await page.goto('/kudos');
	const combobox = page.getByRole('combobox', { name: 'Recipients' });
	await combobox.fill('a');
	await expect(combobox).toHaveAttribute('aria-expanded', 'true');
	await expect(page.getByTestId('recipient-announcer')).toHaveText(/\d+ people match/);
	const options = page.getByRole('listbox', { name: 'Matching people' }).getByRole('option');
	const first = (await options.first().textContent())!.split(' · ')[0].trim();
	await combobox.press('ArrowDown');
	await expect(options.first()).toHaveAttribute('aria-selected', 'true');
	await expect(combobox).toHaveAttribute(
		'aria-activedescendant',
		(await options.first().getAttribute('id'))!
	);
	await combobox.press('Escape');
	await expect(combobox).toHaveAttribute('aria-expanded', 'false');
	await expect(page.getByRole('listbox', { name: 'Matching people' })).toBeHidden();

	await combobox.press('ArrowDown');
	await expect(combobox).toHaveAttribute('aria-expanded', 'true');
	await combobox.press('Enter');
	await expect(page.getByRole('button', { name: `Remove ${first}` })).toBeVisible();
	await expect(page.getByTestId('recipient-announcer')).toHaveText(`${first} added.`);
	await expect(combobox).toHaveValue('');
	await expect(combobox).toHaveAttribute('aria-expanded', 'false');
	await page.context().close();
});

test('points received while /rewards is open enable Redeem without a reload', async ({
	browser
}) => {
	const aiko = await signedIn(browser, AIKO, { ...DESKTOP, live: true });
	await aiko.goto('/rewards');
	// The demo pays Aiko some points already: the day off (500) is out of reach until granted.
	const dayOff = aiko.getByTestId('reward-card').filter({ hasText: 'Extra day off' });
	await expect(dayOff.getByRole('button', { name: 'Redeem' })).toBeDisabled();
	const before = Number(await aiko.getByTestId('reward-balance').textContent());
	const grant = 500 - before;
	await mark(aiko);

	const alex = await signedIn(browser, ALEX, { ...DESKTOP, live: true });
	await alex.goto('/admin/points');
	await alex.getByLabel('Person').selectOption({ label: 'Aiko Tanaka (Web App)' });
	await alex.getByLabel('Points', { exact: true }).fill(String(grant));
	await alex.getByLabel('Reason').fill('Rewrote the flaky checkout tests');
	await alex.getByRole('button', { name: 'Grant points' }).click();
	await expect(alex.getByText(`${grant} points granted.`)).toBeVisible();

	await expect(aiko.getByTestId('reward-balance')).toHaveText('500');
	await expect(dayOff.getByRole('button', { name: 'Redeem' })).toBeEnabled();
	expect(await untouched(aiko)).toBe(true);
	await alex.context().close();
	await aiko.context().close();
});

test('the bug export starts with a UTF-8 byte-order mark, so accented names survive', async ({
	browser
}) => {
	const page = await signedIn(browser, PRIYA, { ...DESKTOP, live: true });
	await page.goto('/bugbash');
	await page.getByRole('link', { name: 'Checkout v2 bug bash' }).first().click();
	await expect(page).toHaveURL(/\/bugbash\/\d+$/);
	const response = await page.request.get(`${new URL(page.url()).pathname}/bugs.csv`);
	expect(response.status()).toBe(200);
	const bytes = await response.body();
	expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	expect(bytes.toString('utf8')).toContain('"Tomás García"');
	await page.context().close();
});
