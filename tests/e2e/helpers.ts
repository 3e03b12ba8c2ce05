import { expect, type Browser, type Page } from '@playwright/test';

// What every walk-through on the demo workspace needs: the demo people, signing one in
// inside a fresh browser context, and the marks that prove a page was not reloaded.

/** Every demo person shares this password (the demo login page says so too). */
export const DEMO_PASSWORD = 'tandem-demo-2026';

/** A laptop screen: the navigation folds into the Menu below 1360 px. */
export const DESKTOP = { width: 1280 } as const;

export interface SignInOptions {
	/** The viewport width (390 is the phone); the project's viewport when not given. */
	width?: number;
	/** A theme cookie set before the first page load. */
	theme?: 'light' | 'dark';
	/** Wait until the page's live connection says "Live". */
	live?: boolean;
	password?: string;
}

/** A page signed in as `email` in its own browser context, on the home page. */
export async function signedIn(
	browser: Browser,
	email: string,
	{ width, theme, live = false, password = DEMO_PASSWORD }: SignInOptions = {}
): Promise<Page> {
	const context = await browser.newContext(width ? { viewport: { width, height: 900 } } : {});
	const page = await context.newPage();
	if (theme) {
		await page.goto('/login');
		await context.addCookies([{ name: 'theme', value: theme, url: page.url() }]);
	}
	await page.goto('/login');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('heading', { name: /^Welcome/ })).toBeVisible();
	if (live) await expect(page.getByTestId('connection-status')).toHaveText('Live');
	return page;
}

/** Marks the page load: the mark survives only if nothing reloads the page. */
export async function mark(page: Page) {
	await page.evaluate(() => ((window as unknown as { untouched: boolean }).untouched = true));
}

/** True while the page marked by `mark` has not been reloaded. */
export async function untouched(page: Page) {
	return page.evaluate(() => (window as unknown as { untouched?: boolean }).untouched === true);
}

/** How many pixels the page scrolls sideways (0 when it fits). */
export async function horizontalOverflow(page: Page): Promise<number> {
	return page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
}
