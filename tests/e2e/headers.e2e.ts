import { expect, test, type Page, type Response } from '@playwright/test';

// Every main page of the demo workspace under the Content-Security-Policy, in Chromium:
// the policy and the other security headers are on each answer, the page works (scripts
// run, the live connection comes up) and the browser reports no violation at all.

const SIGNED_IN_PAGES = [
	'/',
	'/people',
	'/profile',
	'/notifications',
	'/leaderboard',
	'/bugbash',
	'/escalations',
	'/kudos',
	'/rewards',
	'/admin/people',
	'/admin/teams',
	'/admin/points',
	'/admin/rewards',
	'/admin/kudos',
	'/admin/outbox'
];

/** Collects CSP violations the page reports, by event and on the console. */
async function watchViolations(page: Page): Promise<string[]> {
	const violations: string[] = [];
	await page.addInitScript(() => {
		document.addEventListener('securitypolicyviolation', (event) => {
			console.error(
				`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`
			);
		});
	});
	page.on('console', (message) => {
		const text = message.text();
		if (/content security policy|CSP violation/i.test(text)) violations.push(text);
	});
	return violations;
}

function expectSecurityHeaders(response: Response, { signedIn }: { signedIn: boolean }) {
	const headers = response.headers();
	const csp = headers['content-security-policy'] ?? '';
	expect(csp, response.url()).toMatch(/script-src 'self' 'nonce-[^']+'/);
	expect(csp).toContain("frame-ancestors 'none'");
	expect(csp).toContain("object-src 'none'");
	expect(headers['x-frame-options']).toBe('DENY');
	expect(headers['x-content-type-options']).toBe('nosniff');
	expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
	// Served over plain http here: no HSTS, which would only apply over https.
	expect(headers['strict-transport-security']).toBeUndefined();
	if (signedIn) expect(headers['cache-control']).toBe('private, no-store');
	else expect(headers['cache-control'] ?? '').not.toContain('no-store');
}

async function visit(page: Page, path: string, signedIn: boolean, live = signedIn) {
	const response = await page.goto(path);
	expect(response?.status(), path).toBe(200);
	expectSecurityHeaders(response!, { signedIn });
	// The inline script in app.html ran (it carries the nonce).
	await expect(page.locator('html')).toHaveAttribute('data-scripts', 'on');
	if (live) await expect(page.getByTestId('connection-status')).toHaveText('Live');
}

test('signed out: sign-in and sign-up pages run under the policy', async ({ page }) => {
	const violations = await watchViolations(page);
	for (const path of ['/login', '/signup']) await visit(page, path, false);
	await page.getByLabel('Name').fill('Nobody');
	await page.getByLabel('Email').fill('nobody@outside.test');
	await page.getByLabel('Password').fill('lantern orchard 48');
	await page.getByRole('button', { name: 'Create account' }).click();
	// The field's own answer, not the page's standing note about invitations.
	await expect(page.getByText(/Sign-up is by invitation\. Ask an admin/)).toBeVisible();
	expect(violations).toEqual([]);
});

test('signed in: every main page runs under the policy with no violation', async ({ page }) => {
	// Twenty pages, each waited on until it is live.
	test.setTimeout(180_000);
	const violations = await watchViolations(page);
	await page.goto('/login');
	await page.getByLabel('Email').fill('alex.admin@demo.tandem.test');
	await page.getByLabel('Password').fill('tandem-demo-2026');
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('heading', { name: 'Welcome, Alex' })).toBeVisible();

	for (const path of SIGNED_IN_PAGES) await visit(page, path, true);

	// The pages behind the lists: a live bash, its log form, TV mode and summary, a bug and
	// an escalation.
	await page.goto('/bugbash');
	const bash = await page
		.locator('a[href^="/bugbash/"]')
		.evaluateAll((links) =>
			links.map((a) => a.getAttribute('href')!).find((href) => /^\/bugbash\/\d+$/.test(href))
		);
	expect(bash).toBeTruthy();
	for (const sub of ['', '/log', '/summary']) await visit(page, `${bash}${sub}`, true);
	// TV mode is full-screen, without the header's connection status.
	await visit(page, `${bash}/tv`, true, false);
	await page.goto(bash!);
	const bug = await page.locator(`a[href^="${bash}/bugs/"]`).first().getAttribute('href');
	await visit(page, bug!, true);
	await page.goto('/escalations');
	const escalation = await page
		.locator('a[href^="/escalations/"]')
		.evaluateAll((links) =>
			links.map((a) => a.getAttribute('href')!).find((href) => /^\/escalations\/\d+$/.test(href))
		);
	await visit(page, escalation!, true);

	// Client-side navigation and the theme switch (styles set by script) stay clean too.
	await page.goto('/');
	await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Kudos' }).click();
	await expect(page).toHaveURL(/\/kudos$/);
	await page
		.getByRole('button', { name: /Switch to (light|dark) theme/ })
		.first()
		.click();
	await page.waitForTimeout(300);

	expect(violations).toEqual([]);
});

test('data requests, files and static assets carry the headers too', async ({ page }) => {
	await page.goto('/login');
	await page.getByLabel('Email').fill('alex.admin@demo.tandem.test');
	await page.getByLabel('Password').fill('tandem-demo-2026');
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('heading', { name: 'Welcome, Alex' })).toBeVisible();

	// A signed-in page's data fetched by client navigation is not cached either.
	const data = await page.request.get('/people/__data.json');
	expect(data.status()).toBe(200);
	expect(data.headers()['cache-control']).toBe('private, no-store');
	expect(data.headers()['x-content-type-options']).toBe('nosniff');

	// A download keeps its safe disposition and nosniff.
	await page.goto('/bugbash');
	const bash = await page
		.locator('a[href^="/bugbash/"]')
		.evaluateAll((links) =>
			links.map((a) => a.getAttribute('href')!).find((href) => /^\/bugbash\/\d+$/.test(href))
		);
	const csv = await page.request.get(`${bash}/bugs.csv`);
	expect(csv.status()).toBe(200);
	expect(csv.headers()['content-disposition']).toMatch(/^attachment; filename="[\w-]+-bugs\.csv"$/);
	expect(csv.headers()['x-content-type-options']).toBe('nosniff');

	// Scripts served as files, outside the app's hooks.
	const script = await page.locator('link[rel="modulepreload"]').first().getAttribute('href');
	const asset = await page.request.get(new URL(script!, page.url()).toString());
	expect(asset.status()).toBe(200);
	expect(asset.headers()['x-content-type-options']).toBe('nosniff');
	expect(asset.headers()['x-frame-options']).toBe('DENY');
});
