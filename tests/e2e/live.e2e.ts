import { expect, test } from '@playwright/test';
import { signedIn } from './helpers';

// Two people in two browsers on the demo workspace, watching each other live.
const ALEX = 'alex.admin@demo.tandem.test';
const SAM = 'sam.rivera@demo.tandem.test';

test('two people see each other appear in "online now" and leave it', async ({ browser }) => {
	const alex = await signedIn(browser, ALEX, { live: true });
	const sam = await signedIn(browser, SAM, { live: true });
	await expect(alex.getByTestId('online-now')).toContainText('Sam Rivera');
	await expect(sam.getByTestId('online-now')).toContainText('Alex Admin');

	await sam.context().close();
	await expect(alex.getByTestId('online-now')).not.toContainText('Sam Rivera');
	await expect(alex.getByTestId('online-now')).toContainText('Alex Admin');
	await alex.context().close();
});

test('points granted to one person show up on their open leaderboard without reload', async ({
	browser
}) => {
	const sam = await signedIn(browser, SAM, { live: true });
	await sam.goto('/leaderboard?board=person&period=month');
	// The demo's past hackathon paid Sam already: the board must move by 25.
	const samRow = sam.getByTestId('leaderboard').getByRole('row', { name: /Sam Rivera/ });
	const samBefore = (await samRow.count())
		? Number((await samRow.getByRole('cell').last().textContent())?.trim())
		: 0;
	// Marks this page load: a reload would lose it.
	await sam.evaluate(() => ((window as unknown as { untouched: boolean }).untouched = true));

	const alex = await signedIn(browser, ALEX, { live: true });
	// Other tests may have earned Support points already: the board must move by 25.
	await alex.goto('/leaderboard?board=department&period=all');
	const supportRow = alex.getByTestId('leaderboard').getByRole('row', { name: /Support/ });
	const supportBefore = (await supportRow.count())
		? Number((await supportRow.getByRole('cell').last().textContent())?.trim())
		: 0;
	await alex.goto('/admin/points');
	await alex.getByLabel('Person').selectOption({ label: 'Sam Rivera (Frontline Support)' });
	await alex.getByLabel('Points', { exact: true }).fill('25');
	await alex.getByLabel('Reason').fill('Calmed a furious customer on launch day');
	await alex.getByRole('button', { name: 'Grant points' }).click();
	await expect(alex.getByText('25 points granted.')).toBeVisible();
	await expect(
		alex.getByRole('cell', { name: 'Calmed a furious customer on launch day' })
	).toBeVisible();

	await expect(samRow.getByRole('cell').last()).toHaveText(String(samBefore + 25));
	await expect(samRow).toContainText('You');
	expect(await sam.evaluate(() => (window as unknown as { untouched?: boolean }).untouched)).toBe(
		true
	);

	// The department board moved too.
	await sam.goto('/leaderboard?board=department&period=all');
	await expect(
		sam
			.getByTestId('leaderboard')
			.getByRole('row', { name: /Support/ })
			.getByRole('cell')
			.last()
	).toHaveText(String(supportBefore + 25));

	// A member cannot grant points, not even by posting the form by hand.
	const forged = await sam.request.post('/admin/points?/grant', {
		headers: { origin: new URL(sam.url()).origin },
		form: { grantId: crypto.randomUUID(), personId: '2', points: '500', reason: 'forged' }
	});
	expect(forged.status()).toBe(403);
	await sam.goto('/profile');
	await expect(sam.getByTestId('my-points')).not.toHaveText('');
	const allTime = Number(await sam.getByTestId('my-points').textContent());
	expect(allTime).toBeGreaterThanOrEqual(samBefore + 25);
	await expect(sam.getByText('First points')).toBeVisible();
	await sam.context().close();
	await alex.context().close();
});
