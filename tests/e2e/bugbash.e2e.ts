import { expect, test, type Page } from '@playwright/test';
import { io } from 'socket.io-client';
import { seriousViolations } from './axe';
import { mark, signedIn, untouched } from './helpers';

// Three people in three browsers on the demo workspace: Maya organises (Product), Priya
// hunts bugs (Support), Fatima (Engineering) takes part but cannot triage.
const MAYA = 'maya.okafor@demo.tandem.test';
const PRIYA = 'priya.natarajan@demo.tandem.test';
const FATIMA = 'fatima.zahra@demo.tandem.test';

// The smallest valid PNG: a real screenshot as far as the server's checks go.
const PNG = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
	'base64'
);

async function createLiveBash(maya: Page, title: string): Promise<string> {
	await maya.goto('/bugbash/new');
	await maya.getByLabel('Title').fill(title);
	await maya.getByLabel('Feature or release under test').fill('Saved searches');
	await maya.getByLabel('Areas to cover').fill('Search\nFilters\nExport');
	await maya.getByRole('button', { name: 'Create bug bash' }).click();
	await expect(maya.getByRole('heading', { name: title })).toBeVisible();
	await maya.getByRole('button', { name: 'Start now' }).click();
	await expect(maya.getByRole('link', { name: 'Log a bug' })).toBeVisible();
	return new URL(maya.url()).pathname;
}

test('a bug found in a live bash is triaged, scored and escalated, live for everyone', async ({
	browser
}) => {
	// The whole life of a bug with three people: the longest walk-through.
	test.setTimeout(240_000);
	const maya = await signedIn(browser, MAYA);
	const priya = await signedIn(browser, PRIYA);
	const fatima = await signedIn(browser, FATIMA);
	const bashPath = await createLiveBash(maya, 'Saved searches bash');
	await mark(maya);

	// Priya logs a bug with a screenshot; Maya's open board shows it without a reload.
	await priya.goto(`${bashPath}/log`);
	await expect(priya.getByLabel('Environment')).toHaveValue(/Chrome on Linux/);
	await priya.getByLabel('Title').fill('Saved search loses its filters after renaming');
	await priya.getByLabel('Area').selectOption('Filters');
	await priya.getByLabel('Severity').selectOption('medium');
	await priya
		.getByLabel('Steps to reproduce')
		.fill('1. Save a search with two filters\n2. Rename it');
	await priya.getByLabel('Expected result').fill('The filters are kept');
	await priya.getByLabel('Actual result').fill('Only the query text is left');
	await priya.getByLabel('Attachments').setInputFiles({
		name: 'filters-gone.png',
		mimeType: 'image/png',
		buffer: PNG
	});
	await expect(priya.getByAltText('Preview of filters-gone.png')).toBeVisible();
	await priya.getByRole('button', { name: 'Log bug' }).click();
	await expect(priya).toHaveURL(new RegExp(`${bashPath}\\?logged=\\d+$`));
	const bugId = new URL(priya.url()).searchParams.get('logged')!;
	await expect(priya.getByRole('status').filter({ hasText: `Bug #${bugId} logged` })).toBeVisible();

	const newColumn = maya.locator('[data-status="new"]');
	await expect(newColumn.getByText('Saved search loses its filters after renaming')).toBeVisible();
	expect(await untouched(maya)).toBe(true);

	// Before triage Priya corrects her bug: Maya's open board shows the new title and severity.
	await priya.goto(`${bashPath}/bugs/${bugId}`);
	await priya.getByRole('link', { name: 'Edit bug' }).click();
	await priya.getByLabel('Title').fill('Saved search loses its filters after renaming it');
	await priya.getByLabel('Severity').selectOption('high');
	await priya.getByRole('button', { name: 'Save changes' }).click();
	await expect(priya.getByText('Your changes are saved.')).toBeVisible();
	await expect(priya.getByRole('heading', { level: 1 })).toContainText('after renaming it');
	await expect(
		newColumn.getByText('Saved search loses its filters after renaming it')
	).toBeVisible();
	expect(await untouched(maya)).toBe(true);

	// Fatima starts typing the same bug and is shown the original; she says "same bug".
	await fatima.goto(`${bashPath}/log`);
	await fatima.getByLabel('Title').fill('Renaming a saved search loses filters');
	const suggestion = fatima.getByRole('complementary', { name: 'Already logged?' });
	await expect(
		suggestion.getByRole('link', { name: /Saved search loses its filters/ })
	).toBeVisible();
	await suggestion.getByRole('button', { name: 'Same bug' }).click();
	await expect(fatima.getByText('you are recorded as having hit this bug too')).toBeVisible();
	await expect(fatima.getByText('Fatima Zahra hit this bug too.')).toBeVisible();

	// Fatima cannot triage: no controls, and hand-made requests are refused by the server.
	await expect(fatima.getByRole('button', { name: 'Accept' })).toHaveCount(0);
	const origin = new URL(fatima.url()).origin;
	const forged = await fatima.request.post(`${bashPath}/bugs/${bugId}?/triage`, {
		headers: { origin },
		form: { kind: 'accepted', severity: 'critical' }
	});
	// SvelteKit answers a scripted action call with its result as JSON: a failure.
	expect(await forged.json()).toMatchObject({ type: 'failure', status: 400 });
	expect(await forged.text()).toContain('Only the organisers of this bash can do that.');
	const cookie = (await fatima.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
	const socket = io(origin, { transports: ['websocket'], extraHeaders: { cookie, origin } });
	const answer = await socket.timeout(5_000).emitWithAck('command', {
		id: crypto.randomUUID(),
		type: 'bugbash.triage',
		payload: { bugId: Number(bugId), triage: { kind: 'accepted' } }
	});
	socket.disconnect();
	expect(answer).toMatchObject({
		ok: false,
		message: 'Only the organisers of this bash can do that.'
	});
	await fatima.reload();
	await expect(fatima.getByTestId('bug-status')).toHaveText('New');
	// Fatima keeps the bug open: its page follows the bash's room from here.
	await mark(fatima);

	// Maya accepts it as high: Priya's open board moves the bash leaderboard and she is told.
	await priya.goto(bashPath);
	await expect(
		priya.getByText('No points yet: they come when organisers accept bugs.')
	).toBeVisible();
	await mark(priya);
	await maya.goto(`${bashPath}/bugs/${bugId}`);
	await maya.getByLabel('Severity').selectOption('high');
	await maya.getByRole('button', { name: 'Accept' }).click();
	await expect(maya.getByTestId('bug-status')).toHaveText('Accepted');
	// Her open bug page reloaded its data (the key its load depends on), not the page.
	await expect(fatima.getByTestId('bug-status')).toHaveText('Accepted');
	expect(await untouched(fatima)).toBe(true);

	const standings = priya.getByRole('region', { name: 'Bash leaderboard' });
	await expect(standings.getByRole('row', { name: /Priya Natarajan/ })).toContainText('7');
	await expect(priya.locator('[data-status="accepted"]')).toContainText('Saved search loses');
	// Her first points also earn a badge: two notifications.
	await priya.getByRole('button', { name: 'Notifications, 2 new' }).click();
	await expect(priya.getByText('New badge: First points')).toBeVisible();
	await expect(
		priya.getByText(
			'Your bug “Saved search loses its filters after renaming it” was accepted (+7 points, the first of the bash).'
		)
	).toBeVisible();
	await standings.getByRole('button', { name: 'Departments' }).click();
	await expect(standings.getByRole('row', { name: /Support/ })).toContainText('7');
	expect(await untouched(priya)).toBe(true);

	// Maya escalates it: the escalation carries every field and links back to the bug.
	await maya.getByLabel('Customer (optional)').fill('Umbrella Corp');
	await maya.getByLabel('Customer tier').selectOption('enterprise');
	await maya.getByRole('button', { name: 'Escalate' }).click();
	await expect(maya).toHaveURL(/\/escalations\/\d+$/);
	const escalation = maya.getByRole('main');
	await expect(
		escalation.getByRole('heading', { name: /Saved search loses its filters after renaming/ })
	).toBeVisible();
	for (const text of [
		'1. Save a search with two filters',
		'The filters are kept',
		'Only the query text is left',
		'Chrome on Linux',
		'Umbrella Corp',
		'Enterprise',
		'High',
		'filters-gone.png'
	]) {
		await expect(escalation.getByText(text, { exact: false }).first()).toBeVisible();
	}
	await escalation.getByRole('link', { name: 'Saved searches bash' }).first().click();
	await expect(maya.getByRole('heading', { name: 'Saved searches bash' })).toBeVisible();
	await expect(maya.locator('[data-status="escalated"]')).toContainText('Saved search loses');

	for (const page of [maya, priya, fatima]) await page.context().close();
});

test('a comment on a bug arrives live, formatted, mentions tell people, edits and deletes follow', async ({
	browser
}) => {
	const maya = await signedIn(browser, MAYA);
	const priya = await signedIn(browser, PRIYA);
	const bashPath = await createLiveBash(maya, 'Comments bash');

	await priya.goto(`${bashPath}/log`);
	await priya.getByLabel('Title').fill('Export drops the last row');
	await priya.getByLabel('Area').selectOption('Export');
	await priya.getByLabel('Severity').selectOption('low');
	await priya.getByLabel('Steps to reproduce').fill('1. Export a search with 11 rows');
	await priya.getByLabel('Expected result').fill('11 rows in the file');
	await priya.getByLabel('Actual result').fill('10 rows in the file');
	await priya.getByRole('button', { name: 'Log bug' }).click();
	await expect(priya).toHaveURL(new RegExp(`${bashPath}\\?logged=\\d+$`));
	const bugPath = `${bashPath}/bugs/${new URL(priya.url()).searchParams.get('logged')}`;
	await maya.goto(bugPath);
	await priya.goto(bugPath);
	await mark(maya);

	// Priya comments with formatting, a link and a mention: Maya's open page shows it at once.
	await priya
		.getByLabel('Add a comment')
		.fill('Also on **Firefox**, see https://example.com/report <b>not bold</b> @maya.okafor');
	await priya.getByRole('button', { name: 'Comment', exact: true }).click();
	const onMaya = maya.getByTestId('comment').filter({ hasText: 'Also on' });
	await expect(onMaya).toBeVisible();
	await expect(onMaya.locator('strong', { hasText: 'Firefox' })).toBeVisible();
	await expect(onMaya.getByRole('link', { name: 'https://example.com/report' })).toHaveAttribute(
		'rel',
		/nofollow/
	);
	await expect(onMaya).toContainText('<b>not bold</b>');
	await expect(onMaya.locator('b')).toHaveCount(0);
	// Not hers: no edit or delete for Maya.
	await expect(onMaya.getByText('Edit', { exact: true })).toHaveCount(0);
	expect(await untouched(maya)).toBe(true);

	// The thread, with its edit and delete controls, passes an accessibility audit in both themes.
	await expect(priya.getByTestId('comment').getByText('Edit', { exact: true })).toBeVisible();
	expect(await seriousViolations(priya)).toEqual([]);
	await priya.context().addCookies([{ name: 'theme', value: 'dark', url: priya.url() }]);
	await priya.reload();
	await expect(priya.getByTestId('comment').getByText('Edit', { exact: true })).toBeVisible();
	expect(await seriousViolations(priya)).toEqual([]);

	// Priya corrects it: Maya sees the new text marked edited.
	const mine = priya.getByTestId('comment').filter({ hasText: 'Also on' });
	await mine.getByText('Edit', { exact: true }).click();
	await mine.getByLabel('Edit your comment').fill('Also on **Firefox** and Safari');
	await mine.getByRole('button', { name: 'Save' }).click();
	await expect(onMaya).toContainText('Also on Firefox and Safari');
	await expect(onMaya).toContainText('(edited)');

	// Maya was mentioned: her inbox says so.
	await expect(maya.getByRole('button', { name: /^Notifications, \d+ new$/ })).toBeVisible();
	await maya.getByRole('button', { name: /^Notifications/ }).click();
	await expect(
		maya.getByText('Priya Natarajan mentioned you in a comment on “Export drops the last row”.')
	).toBeVisible();
	await maya.keyboard.press('Escape');

	// Priya deletes it: on Maya's page it becomes "Comment deleted".
	await mine.getByRole('button', { name: 'Delete the comment by Priya Natarajan' }).click();
	await expect(maya.getByTestId('comment').first()).toContainText('Comment deleted');
	await expect(maya.getByText('Also on Firefox and Safari')).toHaveCount(0);

	for (const page of [maya, priya]) await page.context().close();
});
