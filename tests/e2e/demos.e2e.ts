import { expect, test, type Browser, type Page } from '@playwright/test';
import { DESKTOP, mark, signedIn as signIn, untouched } from './helpers';

// Three people in three browsers on the demo workspace: Priya schedules a demo and goes
// live; Maya comments and Chen asks a question; each sees the others' changes arrive
// without reloading. Then the replay of the seeded past demo opens at `?t=` and seeks.
const PRIYA = 'priya.natarajan@demo.tandem.test';
const MAYA = 'maya.okafor@demo.tandem.test';
const CHEN = 'chen.wei@demo.tandem.test';

// Every browser context a test opens is closed after it, passed or failed: each signed-in
// page holds a socket, and a person may hold only 20 across a long run.
const opened: Page[] = [];
async function signedIn(browser: Browser, email: string, options: Parameters<typeof signIn>[2]) {
	const page = await signIn(browser, email, options);
	opened.push(page);
	return page;
}
test.afterEach(async () => {
	for (const page of opened.splice(0)) await page.context().close();
});

test('a presenter schedules and goes live; comments and a question arrive live for everyone', async ({
	browser
}) => {
	test.setTimeout(240_000);
	const priya = await signedIn(browser, PRIYA, { ...DESKTOP });
	const maya = await signedIn(browser, MAYA, { ...DESKTOP });
	const chen = await signedIn(browser, CHEN, { ...DESKTOP });

	await priya.goto('/demos');
	await priya.getByRole('link', { name: 'Schedule a demo' }).click();
	await priya.getByLabel('Title').fill('Bulk macros');
	await priya.getByLabel('Feature or release').fill('Support console 4.3');
	await priya.getByLabel('Meeting link').fill('javascript:alert(1)');
	await priya.getByRole('button', { name: 'Schedule demo' }).click();
	await expect(priya.getByText('Enter the meeting link starting with https://')).toBeVisible();
	await priya.getByLabel('Meeting link').fill('https://meet.example.com/bulk');
	await priya.getByRole('button', { name: 'Schedule demo' }).click();
	await expect(priya.getByRole('heading', { name: 'Bulk macros' })).toBeVisible();
	const demoPath = new URL(priya.url()).pathname;
	await expect(priya.getByRole('link', { name: 'Add to calendar (.ics)' })).toBeVisible();

	// Everyone opens the live page before it starts; going live reaches them without a reload.
	for (const page of [priya, maya, chen]) await page.goto(`${demoPath}/live`);
	await expect(maya.getByText('Not started yet')).toBeVisible();
	await priya.getByRole('button', { name: 'Go live' }).click();
	await expect(priya.getByRole('timer')).toBeVisible();
	await expect(maya.getByRole('timer')).toBeVisible();
	await expect(chen.getByRole('timer')).toBeVisible();
	// The live page was reloaded by going live; from here on nothing reloads.
	for (const page of [priya, maya, chen]) await mark(page);

	await maya.getByLabel('Comment or question').fill('Hello from product!');
	await maya.getByRole('button', { name: 'Send' }).click();
	await chen.getByLabel('Comment or question').fill('Does bulk apply respect permissions?');
	await chen.getByRole('radio', { name: 'Question' }).check();
	await chen.getByRole('button', { name: 'Send' }).click();

	for (const page of [priya, maya, chen]) {
		const log = page.getByRole('region', { name: 'Live comment log' });
		await expect(log.getByText('Hello from product!')).toBeVisible();
		await expect(log.getByText('Does bulk apply respect permissions?')).toBeVisible();
		await expect(page.getByRole('heading', { name: 'Questions (1)' })).toBeVisible();
	}

	// Maya upvotes Chen's question; Priya marks it answered; both arrive everywhere.
	await maya.getByRole('button', { name: /^Upvote “Does bulk apply/ }).click();
	await expect(
		chen.getByRole('button', { name: /^Upvote “Does bulk apply.*\(1 votes\)/ })
	).toBeVisible();
	await priya.getByRole('button', { name: 'Mark answered' }).click();
	await expect(chen.locator('.question').getByText('Answered')).toBeVisible();
	await expect(maya.getByRole('heading', { name: /Here live \(3\)/ })).toBeVisible();
	for (const page of [priya, maya, chen]) expect(await untouched(page)).toBe(true);

	await priya.getByRole('button', { name: 'End the demo' }).click();
	await expect(maya.getByRole('link', { name: 'Watch the replay' })).toBeVisible();
	await maya.getByRole('link', { name: 'Watch the replay' }).click();
	await expect(
		maya.getByRole('region', { name: 'Comment log' }).getByText('Hello from product!')
	).toBeVisible();
});

// The seeded past demo has its recording: the video opens at `?t=`, the log follows it.
test('the replay opens at ?t=, highlights the comments of that moment and seeks on a click', async ({
	browser
}) => {
	const maya = await signedIn(browser, MAYA, { ...DESKTOP });
	await maya.goto('/demos');
	await maya.getByRole('link', { name: 'Smarter ticket routing' }).click();
	// The address is read once the replay has opened, not while the list is still shown.
	await maya.waitForURL(/\/demos\/\d+$/);
	const path = new URL(maya.url()).pathname;
	await maya.goto(`${path}?t=50`);
	const video = maya.getByRole('region', { name: 'Replay' }).locator('video');
	await expect(video).toBeVisible();
	await expect(maya.getByText('Session position 0:50')).toBeVisible();
	await expect
		.poll(() => video.evaluate((v: HTMLVideoElement) => Math.round(v.currentTime)))
		.toBe(50);
	const log = maya.getByRole('region', { name: 'Comment log' });
	const current = log.locator('article[aria-current="true"]');
	await expect(current).toHaveCount(1);
	await expect(current).toContainText('Is the new routing rule per team or per workspace?');

	await log.getByRole('button', { name: 'Play from 1:35' }).click();
	await expect(maya.getByText('Session position 1:35')).toBeVisible();
	await expect
		.poll(() => video.evaluate((v: HTMLVideoElement) => Math.round(v.currentTime)))
		.toBe(95);
	await expect(current).toHaveCount(1);
	await expect(current).toContainText('This will save our tier-2 folks');

	// A comment while watching later is stamped at the playhead.
	await maya.getByLabel('Your comment').fill('Rewatching for the routing bit');
	await maya.getByRole('button', { name: 'Add comment' }).click();
	await expect(log.locator('article', { hasText: 'Rewatching for the routing bit' })).toContainText(
		'1:35'
	);
	await expect(log.locator('article', { hasText: 'Rewatching for the routing bit' })).toContainText(
		'After the session'
	);

	// The comment becomes a feature request whose page links back to its moment.
	const later = log.locator('article', { hasText: 'Rewatching for the routing bit' });
	await later.getByRole('button', { name: 'Feature request' }).click();
	const tag = later.getByRole('link', { name: /^Feature request #\d+$/ });
	await expect(tag).toBeVisible();
	await expect(later.getByRole('button', { name: 'Feature request' })).toHaveCount(0);
	await tag.click();
	await maya.waitForURL(/\/requests\/\d+$/);
	await expect(maya.locator('main')).toContainText(`${path}?t=95`);
});

test('a presenter edits a scheduled demo, records the screen from the live page, and the replay plays it', async ({
	browser
}) => {
	test.setTimeout(240_000);
	const priya = await signedIn(browser, PRIYA, { ...DESKTOP });
	await priya.goto('/demos/new');
	// The scheduler presents unless someone else is picked.
	await expect(priya.getByRole('button', { name: 'Remove Priya Natarajan' })).toBeVisible();
	await priya.getByLabel('Title').fill('Recorded walkthrough');
	await priya.getByLabel('Feature or release').fill('Macros 2');
	await priya.getByRole('button', { name: 'Schedule demo' }).click();
	await expect(priya.getByRole('heading', { name: 'Recorded walkthrough' })).toBeVisible();
	const demoPath = new URL(priya.url()).pathname;

	await priya.getByRole('link', { name: 'Edit' }).click();
	await expect(priya.getByRole('heading', { name: 'Edit the demo' })).toBeVisible();
	await expect(priya.getByRole('button', { name: 'Remove Priya Natarajan' })).toBeVisible();
	await priya.getByLabel('Title').fill('Recorded walkthrough, take two');
	await priya.getByRole('combobox', { name: 'Presenters' }).fill('Lukas');
	await priya.getByRole('option', { name: /Lukas Becker/ }).click();
	await priya.getByRole('button', { name: 'Save changes' }).click();
	await expect(
		priya.getByRole('heading', { name: 'Recorded walkthrough, take two' })
	).toBeVisible();
	await expect(priya.getByText(/Lukas Becker/).first()).toBeVisible();

	await priya.goto(`${demoPath}/live`);
	await priya.getByRole('button', { name: 'Go live' }).click();
	await expect(priya.getByRole('timer')).toBeVisible();
	const recording = priya.getByRole('region', { name: 'Recording' });
	await recording.getByRole('button', { name: 'Record screen' }).click();
	const status = recording.getByRole('status').first();
	await expect(status).toContainText('Recording');
	await expect(status).not.toContainText(/ 0 KB uploaded/, { timeout: 60_000 });
	await priya.waitForTimeout(3_000);
	await recording.getByRole('button', { name: 'Stop recording' }).click();
	await expect(recording.getByText('Saved.')).toBeVisible({ timeout: 30_000 });
	await expect(recording.getByText('This demo has a recording')).toBeVisible();

	await priya.getByRole('button', { name: 'End the demo' }).click();
	await expect(priya.getByText(/^Ended after/)).toBeVisible();
	await priya.goto(demoPath);
	const video = priya.getByRole('region', { name: 'Replay' }).locator('video');
	await expect(video).toBeVisible();
	// Recording began after going live: the session starts at or before the recording's start.
	const offset = Number(
		await priya.getByLabel('The session starts this many seconds into the recording').inputValue()
	);
	expect(offset).toBeLessThanOrEqual(0);
	expect(offset).toBeGreaterThan(-30);
});
