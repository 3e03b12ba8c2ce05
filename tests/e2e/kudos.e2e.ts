import { expect, test, type Page } from '@playwright/test';
import { DEMO_PASSWORD, signedIn } from './helpers';

// Two colleagues and an admin on the demo workspace: Tomás (Product) thanks Lukas
// (Engineering) with points; Lukas watches it arrive, then spends points on a reward
// that Alex approves, and gets them back when a second request is declined.
const TOMAS = 'tomas.garcia@demo.tandem.test';
const LUKAS = 'lukas.becker@demo.tandem.test';
const ALEX = 'alex.admin@demo.tandem.test';

async function balanceOf(page: Page): Promise<number> {
	await page.goto('/rewards');
	return Number((await page.getByTestId('reward-balance').textContent())?.replace(/\D/g, ''));
}

async function remainingAllowance(page: Page): Promise<number> {
	const hint = (await page.getByTestId('allowance').textContent()) ?? '';
	return Number(/You have (\d+) of/.exec(hint)?.[1]);
}

test('kudos with points reach the recipient live, and points buy a reward', async ({ browser }) => {
	const tomas = await signedIn(browser, TOMAS);
	const lukas = await signedIn(browser, LUKAS);
	const alex = await signedIn(browser, ALEX);
	const lukasBefore = await balanceOf(lukas);

	// Lukas keeps the wall open; the mark survives only if nothing reloads the page.
	await lukas.goto('/kudos');
	await expect(lukas.getByTestId('connection-status')).toHaveText('Live');
	await lukas.evaluate(() => ((window as unknown as { untouched: boolean }).untouched = true));
	// The card travels inside the event: no reload of the page data, no card fetched.
	const refetched: string[] = [];
	lukas.on('request', (r) => {
		if (/\/kudos\/(__data\.json|cards\/)/.test(r.url())) refetched.push(r.url());
	});

	await tomas.goto('/kudos');
	const allowanceBefore = await remainingAllowance(tomas);
	const give = tomas.getByRole('form', { name: 'Give kudos' });
	await give.getByLabel('Recipients').fill('Luk');
	await give.getByRole('option', { name: /^Lukas Becker/ }).click();
	await give
		.getByLabel('Message')
		.fill(
			'**Thank you** for pairing on the flaky test <script>alert(1)</script> [x](javascript:alert(1))'
		);
	await give.getByLabel('Value').selectOption({ label: 'Better together' });
	await give.getByLabel('Points').fill('20');
	await give.getByRole('button', { name: 'Give kudos' }).click();
	await expect(tomas.getByText('Kudos given. Thank you for saying it!')).toBeVisible();
	await expect(tomas.getByTestId('allowance')).toContainText(
		`You have ${allowanceBefore - 20} of 100 left`
	);

	// Lukas's open wall shows it without a reload, rendered inert, and he is told.
	const card = lukas.getByRole('article').filter({ hasText: 'pairing on the flaky test' });
	await expect(card).toBeVisible();
	await expect(card.getByText('Thank you', { exact: true })).toHaveJSProperty('tagName', 'STRONG');
	await expect(card).toContainText('<script>alert(1)</script>');
	// Names link to their kudos; the message itself has no link at all.
	await expect(card.locator('.message').getByRole('link')).toHaveCount(0);
	await expect(card.locator('.message')).toContainText('[x](javascript:alert(1))');
	await expect(card.locator('script, a[href^="javascript:" i]')).toHaveCount(0);
	await expect(card).toContainText('Across departments');
	expect(await lukas.evaluate(() => (window as unknown as { untouched?: boolean }).untouched)).toBe(
		true
	);
	expect(refetched).toEqual([]);
	// A reaction shows on the card at once, and live on Tomás's wall.
	await card.getByRole('button', { name: 'Applause' }).click();
	await expect(card.getByRole('button', { name: 'Applause (1)' })).toHaveAttribute(
		'aria-pressed',
		'true'
	);
	const tomasCard = tomas.getByRole('article').filter({ hasText: 'pairing on the flaky test' });
	await expect(tomasCard.getByRole('button', { name: 'Applause (1)' })).toHaveAttribute(
		'aria-pressed',
		'false'
	);
	await lukas.getByRole('button', { name: /Notifications, \d+ new/ }).click();
	await expect(
		lukas.getByText('Tomás García gave you kudos for Better together (+20 points).')
	).toBeVisible();
	expect(await balanceOf(lukas)).toBe(lukasBefore + 20);

	// Alex adds a small reward; Lukas redeems it and Alex approves.
	await alex.goto('/admin/rewards');
	await alex.getByLabel('Title').fill('Coffee with the CTO');
	await alex.getByLabel('Cost').fill('10');
	await alex.getByLabel('Stock').fill('2');
	await alex.getByRole('button', { name: 'Add reward' }).click();
	await expect(
		alex.getByTestId('catalogue-row').filter({ hasText: 'Coffee with the CTO' })
	).toBeVisible();

	const coffee = lukas.getByTestId('reward-card').filter({ hasText: 'Coffee with the CTO' });
	await coffee.getByRole('button', { name: 'Redeem' }).click();
	await lukas.getByRole('dialog').getByRole('button', { name: 'Spend 10 points' }).click();
	await expect(lukas.getByTestId('reward-balance')).toHaveText(String(lukasBefore + 20 - 10));
	await alex.goto('/admin/rewards');
	const request = alex.getByTestId('pending-redemption').filter({ hasText: 'Lukas Becker' });
	await request.getByRole('button', { name: 'Approve' }).click();
	await lukas.goto('/rewards');
	await expect(lukas.getByTestId('my-redemption').first()).toContainText('Approved');

	// A second request is declined: the points come back.
	await coffee.getByRole('button', { name: 'Redeem' }).click();
	await lukas.getByRole('dialog').getByRole('button', { name: 'Spend 10 points' }).click();
	await expect(lukas.getByTestId('reward-balance')).toHaveText(String(lukasBefore + 20 - 20));
	await alex.goto('/admin/rewards');
	const second = alex.getByTestId('pending-redemption').filter({ hasText: 'Lukas Becker' });
	await second.getByLabel('Reason for declining').fill('One coffee per quarter, sorry!');
	await second.getByRole('button', { name: 'Decline' }).click();
	await lukas.goto('/rewards');
	await expect(lukas.getByTestId('reward-balance')).toHaveText(String(lukasBefore + 20 - 10));
	await expect(lukas.getByTestId('my-redemption').first()).toContainText('Declined');

	for (const page of [tomas, lukas, alex]) await page.context().close();
});

test('without JavaScript, kudos go to people typed by name', async ({ browser }) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await page.goto('/login');
	await page.getByLabel('Email').fill('fatima.zahra@demo.tandem.test');
	await page.getByLabel('Password').fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('heading', { name: /^Welcome/ })).toBeVisible();

	await page.goto('/kudos');
	const give = page.getByRole('form', { name: 'Give kudos' });
	// A name nobody has is refused next to the field, and what was typed stays.
	await give.getByLabel('Recipients').fill('Jordan Lee, Nobody Here');
	await give.getByLabel('Message').fill('Thanks for the release notes walkthrough.');
	await give.getByLabel('Value').selectOption({ label: 'Customer first' });
	await give.getByRole('button', { name: 'Give kudos' }).click();
	await expect(give.getByText('No one here is called “Nobody Here”.')).toBeVisible();
	await expect(give.getByLabel('Message')).toHaveValue('Thanks for the release notes walkthrough.');

	await give.getByLabel('Recipients').fill('jordan lee, Maya');
	await give.getByRole('button', { name: 'Give kudos' }).click();
	await expect(page.getByText('Kudos given. Thank you for saying it!')).toBeVisible();
	await page.goto('/kudos');
	const card = page.getByRole('article').filter({ hasText: 'release notes walkthrough' });
	await expect(card.getByRole('heading')).toContainText('Fatima Zahra →');
	await expect(card.getByRole('heading')).toContainText('Jordan Lee');
	await expect(card.getByRole('heading')).toContainText('Maya Okafor');
	// Reactions are plain form posts too.
	await card.getByRole('button', { name: 'Love' }).click();
	await expect(
		page
			.getByRole('article')
			.filter({ hasText: 'release notes walkthrough' })
			.getByRole('button', { name: 'Love (1)' })
	).toHaveAttribute('aria-pressed', 'true');
	await context.close();
});
