import { expect, test, type Page } from '@playwright/test';
import { seriousViolations } from './axe';
import { horizontalOverflow, mark, signedIn, untouched } from './helpers';

// The voice of the customer on the demo workspace: support adds a customer's report to a
// feature request from an escalation while a product manager watches the request's figures
// move live; the request ships and the support agent who reported it is told, with their
// customers to tell.

const PRIYA = 'priya.natarajan@demo.tandem.test';
const MAYA = 'maya.okafor@demo.tandem.test';
const ALEX = 'alex.admin@demo.tandem.test';
const REQUEST = 'Single sign-on with Okta';
// A customer new to the workspace, so the distinct customers and the report both move.
const CUSTOMER = `Wayne Enterprises ${Date.now().toString(36)}`;

async function figure(page: Page, key: string): Promise<number> {
	const text = (await page.getByTestId(`figure-${key}`).textContent()) ?? '';
	return Number(text.replace(/,/g, ''));
}

test('support reports from an escalation, product sees it live, shipping tells the reporter', async ({
	browser
}) => {
	test.setTimeout(150_000);
	const maya = await signedIn(browser, MAYA, { live: true });
	await maya.goto('/requests');
	await maya.getByRole('link', { name: REQUEST }).click();
	await expect(maya.getByRole('heading', { name: REQUEST })).toBeVisible();
	await expect(maya.getByTestId('connection-status')).toHaveText('Live');
	const reports = await figure(maya, 'reports');
	const customers = await figure(maya, 'customers');
	await mark(maya);

	const priya = await signedIn(browser, PRIYA);
	await priya.goto('/escalations');
	await priya
		.locator('a[href^="/escalations/"]')
		.filter({ hasNotText: 'New escalation' })
		.first()
		.click();
	await priya.getByRole('link', { name: 'Add to a feature request' }).click();
	await expect(priya.getByRole('heading', { name: 'New feature request' })).toBeVisible();
	await priya.getByLabel('Title', { exact: true }).fill('Single sign on');
	const suggestion = priya.getByTestId('similar-requests').getByRole('link', { name: REQUEST });
	await suggestion.click();
	await expect(priya.getByRole('heading', { name: REQUEST })).toBeVisible();
	await expect(priya.getByText(/^From escalation #\d+/)).toBeVisible();
	await expect(priya.getByLabel('Heard in', { exact: true })).toHaveValue('escalation');
	await priya.getByLabel('Customer', { exact: true }).fill(CUSTOMER);
	await expect(priya.getByLabel('New customer’s tier', { exact: true })).toBeVisible();
	await priya.getByLabel('New customer’s tier', { exact: true }).selectOption('enterprise');
	await priya
		.getByLabel('What they said', { exact: true })
		.fill('Our security team will not sign without SSO.');
	await priya.getByRole('button', { name: 'Add report' }).click();
	await expect(priya.getByText(`Report from ${CUSTOMER} added.`)).toBeVisible();

	// The product manager's page moved without a reload.
	await expect(maya.getByTestId('figure-reports')).toHaveText(String(reports + 1));
	await expect(maya.getByTestId('figure-customers')).toHaveText(String(customers + 1));
	await expect(maya.getByTestId('reports')).toContainText(CUSTOMER);
	expect(await untouched(maya)).toBe(true);

	// Product ships it: the reporter is told, with the customers she reported.
	await maya.getByLabel('Status', { exact: true }).selectOption('shipped');
	await maya
		.getByLabel('Public note', { exact: true })
		.fill('SSO with Okta is live for every plan.');
	await maya.getByRole('button', { name: 'Save answer' }).click();
	await expect(
		maya.getByText(/Status saved: Shipped\. \d+ reporters? (was|were) told\./)
	).toBeVisible();
	await expect(priya.getByTestId('request-status')).toHaveText('Shipped');
	await priya.goto('/notifications');
	const notice = priya.getByText(`“${REQUEST}” has shipped. Tell your customers:`).first();
	await expect(notice).toBeVisible();
	await expect(notice).toContainText(CUSTOMER);
	await expect(notice).toContainText('Globex GmbH');
	await maya.context().close();
	await priya.context().close();
});

test('the request pages and the matrix fit a phone and pass axe in both themes', async ({
	browser
}) => {
	// Two themes, four pages each with an axe audit: slower than one walk-through.
	test.setTimeout(240_000);
	for (const theme of ['light', 'dark'] as const) {
		const alex = await signedIn(browser, ALEX, { width: 390, theme });
		await alex.goto('/requests');
		const request = (await alex.getByRole('link', { name: REQUEST }).getAttribute('href'))!;
		for (const path of ['/requests', request, '/requests/new', '/raci']) {
			await alex.goto(path);
			expect(await horizontalOverflow(alex), `${path} at 390 px`).toBe(0);
			expect(await seriousViolations(alex), `${path} (${theme})`).toEqual([]);
		}
		await alex.setViewportSize({ width: 1280, height: 900 });
		for (const path of ['/requests', request, '/raci']) {
			await alex.goto(path);
			expect(await horizontalOverflow(alex), `${path} at 1280 px`).toBe(0);
		}
		await alex.context().close();
	}
});

test('the RACI matrix refuses a second accountable department with a clear message', async ({
	browser
}) => {
	const alex = await signedIn(browser, ALEX);
	await alex.goto('/raci');
	const row = alex.getByTestId('raci-row-fix');
	await row.getByLabel('Fixing: Product', { exact: true }).selectOption('A');
	await row.getByRole('button', { name: 'Save' }).click();
	await expect(
		row.getByText('Only one department or team can be accountable; 2 are marked A.')
	).toBeVisible();
	await alex.goto('/raci');
	await expect(
		alex.getByTestId('raci-row-fix').getByLabel('Fixing: Product', { exact: true })
	).toHaveValue('C');

	const chen = await signedIn(browser, 'chen.wei@demo.tandem.test');
	await chen.goto('/raci');
	await expect(chen.getByTestId('raci-matrix')).toContainText('Release notes');
	await expect(chen.getByRole('button', { name: 'Save' })).toHaveCount(0);
	await alex.context().close();
	await chen.context().close();
});

test('an admin adds a team column, gives it letters under the rules, and removes it; a member watches live', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const PLATFORM = 'Engineering › Platform';
	const alex = await signedIn(browser, ALEX, { live: true });
	const chen = await signedIn(browser, 'chen.wei@demo.tandem.test', { live: true });
	await chen.goto('/raci');
	// The demo starts with Customer Success as its own column.
	await expect(
		chen.getByRole('columnheader', { name: 'Support › Customer Success' })
	).toBeVisible();
	await mark(chen);

	await alex.goto('/raci');
	const columns = alex.getByRole('region', { name: 'Team columns', exact: true });
	await columns.getByLabel('Team').selectOption({ label: PLATFORM });
	await columns.getByRole('button', { name: 'Add team column' }).click();
	await expect(columns.getByText(`${PLATFORM} is now a column.`)).toBeVisible();
	await expect(chen.getByRole('columnheader', { name: PLATFORM })).toBeVisible();

	// Two As across a department and a team column: refused with the rule, nothing saved.
	const row = alex.getByTestId('raci-row-fix');
	await row.getByLabel(`Fixing: ${PLATFORM}`, { exact: true }).selectOption('A');
	await row.getByRole('button', { name: 'Save' }).click();
	await expect(
		row.getByText('Only one department or team can be accountable; 2 are marked A.')
	).toBeVisible();
	await row.getByLabel(`Fixing: ${PLATFORM}`, { exact: true }).selectOption('R');
	await row.getByRole('button', { name: 'Save' }).click();
	await expect(row.getByText('Saved.')).toBeVisible();
	const cell = chen.getByTestId('raci-row-fix').getByRole('cell', { name: 'R', exact: true });
	await expect(cell).toHaveAttribute('data-label', PLATFORM);
	// Live: the member's page took the change without reloading.
	expect(await untouched(chen)).toBe(true);

	await columns.getByRole('button', { name: `Remove ${PLATFORM}` }).click();
	await alex.getByRole('dialog').getByRole('button', { name: 'Remove the column' }).click();
	await expect(columns.getByText(`${PLATFORM} is no longer a column.`)).toBeVisible();
	await expect(chen.getByRole('columnheader', { name: PLATFORM })).toHaveCount(0);
	await expect(chen.getByTestId('raci-history')).toContainText(
		`Removed the column ${PLATFORM} (its letters: Fixing: R)`
	);
	await expect(chen.getByTestId('raci-history')).toContainText('Alex Admin');
	await alex.context().close();
	await chen.context().close();
});
