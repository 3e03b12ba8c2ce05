import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, test, type Browser, type Page } from '@playwright/test';

// Every page, as the demo admin and as a member, in both themes, at a laptop's and a
// phone's width: no serious or critical axe-core violation, and no sideways scrolling.
const PASSWORD = 'tandem-demo-2026';
const ADMIN = 'alex.admin@demo.tandem.test';
const MEMBER = 'sam.rivera@demo.tandem.test';
const WIDTHS = [1280, 390];
const THEMES = ['light', 'dark'] as const;

const axeSource = readFileSync(
	createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
	'utf8'
);

interface Violation {
	id: string;
	impact: string | null;
	help: string;
	nodes: { target: string[] }[];
}

/** Serious and critical violations on the page as it is now, described for a failure. */
async function axeProblems(page: Page): Promise<string[]> {
	// Evaluated by the test driver: an injected inline <script> is (rightly) refused by the
	// page's Content-Security-Policy.
	await page.evaluate(axeSource);
	const violations = await page.evaluate(async () => {
		const axe = (
			window as unknown as {
				axe: { run: (c: Document, o: object) => Promise<{ violations: Violation[] }> };
			}
		).axe;
		return (await axe.run(document, { resultTypes: ['violations'] })).violations;
	});
	return violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map(
			(v) =>
				`${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
		);
}

async function horizontalOverflow(page: Page): Promise<number> {
	return page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
}

async function signedIn(browser: Browser, email: string, theme: string): Promise<Page> {
	const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	await context.addCookies([
		{ name: 'theme', value: theme, url: test.info().project.use.baseURL! }
	]);
	const page = await context.newPage();
	await page.goto('/login');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('heading', { name: /^Welcome/ })).toBeVisible();
	return page;
}

/** Every page of the app, with real ids from the demo workspace. */
async function everyPage(page: Page, admin: boolean): Promise<string[]> {
	await page.goto('/bugbash');
	const bash = new URL(
		(await page.getByRole('link', { name: 'Checkout v2 bug bash' }).first().getAttribute('href'))!,
		page.url()
	).pathname;
	await page.goto(bash);
	const bug = (await page.locator('[data-status="new"] a').first().getAttribute('href'))!;
	await page.goto('/escalations');
	const escalation = (await page
		.locator('a[href^="/escalations/"]')
		.filter({ hasNotText: 'New escalation' })
		.first()
		.getAttribute('href'))!;
	await page.goto('/demos');
	const pastDemo = (await page
		.getByRole('link', { name: 'Smarter ticket routing' })
		.getAttribute('href'))!;
	const nextDemo = (await page
		.getByRole('link', { name: 'Escalation timelines' })
		.getAttribute('href'))!;
	await page.goto('/sync');
	// The demo's agendas: this month's draft (first) and last month's published one.
	const agendas = await page
		.getByRole('list', { name: 'Agendas' })
		.locator('a')
		.evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
	// A department's insights (its "By team" breakdown): the picker's option names the id.
	await page.goto('/insights');
	const support = await page
		.getByLabel('Department or team')
		.locator('option', { hasText: /^Support$/ })
		.getAttribute('value');
	const departmentInsights = `/insights?level=department&id=${support!.split(':')[1]}`;
	await page.goto('/hackathons');
	const hackathon = new URL(
		(await page.getByRole('link', { name: 'Customer Delight Hack' }).first().getAttribute('href'))!,
		page.url()
	).pathname;
	const pages = [
		'/',
		'/hackathons',
		`${hackathon}/judging`,
		`${hackathon}/judging/pairwise`,
		`${hackathon}/projects`,
		`${hackathon}/reveal`,
		'/requests',
		'/requests/new',
		'/raci',
		'/insights',
		'/insights?period=week&level=person',
		departmentInsights,
		'/sync',
		...agendas,
		'/people',
		'/profile',
		'/notifications',
		'/leaderboard',
		'/bugbash',
		'/bugbash/new',
		bash,
		`${bash}/log`,
		bug,
		`${bash}/tv`,
		`${bash}/summary`,
		'/escalations',
		'/escalations/new',
		escalation,
		'/kudos',
		'/rewards',
		'/customers',
		'/customers/new',
		'/demos',
		'/demos?q=routing',
		'/demos/new',
		`${pastDemo}?t=50`,
		`${nextDemo}/live`
	];
	const adminPages = [
		'/admin/workspace',
		'/admin/people',
		'/admin/teams',
		'/admin/points',
		'/admin/rewards',
		'/admin/bashes',
		'/admin/slo',
		'/admin/integrations'
	];
	// A member is refused the admin pages: the refusal page is checked instead.
	return admin
		? [...pages, ...adminPages, '/admin/kudos', '/admin/outbox']
		: [...pages, '/admin/people'];
}

/**
 * Sideways scrolling at both widths; axe on every page at the laptop width, and at the
 * phone width on the first page (the narrow header and its menu are the same everywhere).
 */
async function checkPages(page: Page, paths: string[]) {
	const problems: string[] = [];
	for (const width of WIDTHS) {
		await page.setViewportSize({ width, height: 900 });
		for (const path of paths) {
			await page.goto(path);
			const overflow = await horizontalOverflow(page);
			if (overflow > 0) problems.push(`${path} at ${width} px scrolls sideways by ${overflow} px`);
			if (width !== WIDTHS[0] && path !== paths[0]) continue;
			for (const problem of await axeProblems(page))
				problems.push(`${path} at ${width} px: ${problem}`);
		}
	}
	expect(problems).toEqual([]);
}

for (const theme of THEMES) {
	for (const [who, email] of [
		['an admin', ADMIN],
		['a member', MEMBER]
	] as const) {
		test(`every page passes axe and fits 1280 and 390 px, as ${who}, ${theme} theme`, async ({
			browser
		}) => {
			// About fifty pages at two widths with axe on each: minutes on a busy 2-core machine.
			test.setTimeout(600_000);
			const page = await signedIn(browser, email, theme);
			await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
			await checkPages(page, await everyPage(page, email === ADMIN));
			await page.context().close();
		});
	}

	test(`the sign-in and sign-up pages pass axe and fit, ${theme} theme`, async ({ browser }) => {
		const context = await browser.newContext();
		await context.addCookies([
			{ name: 'theme', value: theme, url: test.info().project.use.baseURL! }
		]);
		const page = await context.newPage();
		await checkPages(page, ['/login', '/signup']);
		await context.close();
	});
}
