import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type APIResponse, type Page } from '@playwright/test';
import { DEMO_PASSWORD, signedIn } from './helpers';

// The route contract from outside, on the demo workspace: every route with an id answers
// an id that is not one (or names nothing) with the 404 page, never a 500; and the hostile
// inputs that used to be 500s are refused with a 400 and a plain sentence, changing nothing.
test.describe.configure({ mode: 'serial' });

const ALEX = 'alex.admin@demo.tandem.test';
const NUL_REFUSED = 'Text cannot contain the NUL character';
const JSON_REFUSED = 'This form was sent in a shape it does not take.';

let alex: Page;
let origin = '';

/** A form post as a script would send it (SvelteKit answers an action call as JSON). */
function post(path: string, form: Record<string, string>): Promise<APIResponse> {
	return alex.request.post(path, { headers: { origin }, form, maxRedirects: 0 });
}

/** What a page shows in its main landmark: compared before and after a refused request. */
async function shown(path: string): Promise<string> {
	await alex.goto(path);
	// SLO clocks count down to the second: the time left is not part of what must not change.
	return (await alex.locator('main').innerText()).replace(/\b\d+m \d+s\b/g, '…');
}

/**
 * A 400 carrying `text`. An action called by a script answers JSON: `failure` (a refusal
 * the action returned, its status inside) or `error` (refused before the action, the HTTP
 * status says it).
 */
async function expectRefused(response: APIResponse, text: string) {
	const body = await response.text();
	const answer = body.startsWith('{"type"') ? JSON.parse(body) : null;
	if (answer?.type === 'failure') expect(answer.status, body).toBe(400);
	else expect(response.status(), body).toBe(400);
	expect(body).toContain(text);
}

/**
 * Every page and endpoint folder with a parameter, as a URL pattern: `/bugbash/[id=id]`.
 * Read from src/routes, so a route added later is walked too.
 */
function routesWithParams(dir = 'src/routes', base = ''): string[] {
	const found: string[] = [];
	const entries = readdirSync(dir);
	if (base.includes('[') && entries.some((f) => /^\+(page|server)\b|^\+page@/.test(f))) {
		found.push(base);
		if (takesOnlyPosts(dir, entries)) postOnly.add(base);
	}
	for (const entry of entries) {
		if (!statSync(join(dir, entry)).isDirectory()) continue;
		const segment = /^\(.*\)$/.test(entry) ? '' : `/${entry}`;
		found.push(...routesWithParams(join(dir, entry), base + segment));
	}
	return found;
}

/** Endpoints without a page or a GET handler (a webhook, a player's ping): probed with a POST. */
const postOnly = new Set<string>();

function takesOnlyPosts(dir: string, entries: string[]): boolean {
	if (entries.some((f) => f.startsWith('+page'))) return false;
	const server = entries.find((f) => /^\+server\.(ts|js)$/.test(f));
	if (!server) return false;
	const source = readFileSync(join(dir, server), 'utf8');
	return (
		/export const POST\b/.test(source) &&
		!/export (const|async function|function) GET\b/.test(source)
	);
}

const fill = (pattern: string, id: string) => pattern.replace(/\[[^\]]+\]/g, id);

test.beforeAll(async ({ browser }) => {
	alex = await signedIn(browser, ALEX);
	origin = new URL(alex.url()).origin;
});

test.afterAll(async () => {
	await alex?.context().close();
});

test('every id route uses the id matcher and answers a bad or unknown id with 404', async () => {
	const routes = routesWithParams();
	expect(routes).toEqual(expect.arrayContaining(['/bugbash/[id=id]/bugs/[bugId=id]']));
	for (const route of routes) expect(route, 'an id folder without =id').not.toMatch(/\[\w+\]/);
	expect([...postOnly]).toEqual(
		expect.arrayContaining(['/api/integrations/[id=id]/webhook', '/demos/[id=id]/watched'])
	);

	const notIds = ['abc', '1.5', '-1', '+1', '007', '1e3', 'Infinity', '99999999999', '2147483648'];
	for (const route of routes) {
		for (const id of [...notIds, '2147483647']) {
			// An endpoint that only takes POSTs answers a GET with 405 whatever the id.
			const url = fill(route, id);
			const response = postOnly.has(route)
				? await alex.request.post(url, { maxRedirects: 0, data: {} })
				: await alex.request.get(url, { maxRedirects: 0 });
			expect(response.status(), url).toBe(404);
		}
	}

	// A real bash with a bug it does not have, and an action posted to a bad id.
	await alex.goto('/bugbash');
	const hrefs = await alex
		.locator('a[href^="/bugbash/"]')
		.evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
	const bashPath = hrefs.find((href) => /^\/bugbash\/\d+$/.test(href));
	expect(bashPath).toBeTruthy();
	expect((await alex.request.get(`${bashPath}/bugs/2147483647`)).status()).toBe(404);
	expect((await post('/bugbash/abc?/join', {})).status()).toBe(404);
	await alex.goto(`${bashPath}/bugs/2147483647`);
	await expect(alex.getByText('No such bug in this bash.')).toBeVisible();
});

test('people filters and searches refuse what is no department or holds a NUL', async () => {
	for (const department of ['1.5', '99999999999', 'Infinity']) {
		const response = await alex.request.get(`/people?department=${department}`);
		await expectRefused(response, 'Choose a department from the list.');
	}
	await expectRefused(await alex.request.get('/people?q=%00'), NUL_REFUSED);
	await expectRefused(await alex.request.get('/kudos/people?q=a%00'), NUL_REFUSED);
	// Refused before the session is read: the plain error page, with the sentence.
	await alex.goto('/people?q=%00');
	await expect(alex.getByRole('heading', { name: '400' })).toBeVisible();
	await expect(alex.getByText(NUL_REFUSED)).toBeVisible();
	await alex.goto('/people?department=1.5');
	await expect(alex.getByRole('heading', { name: 'Request refused' })).toBeVisible();
	await expect(alex.getByText('Choose a department from the list.')).toBeVisible();
});

test('admin row buttons refuse a bad id and change nothing', async () => {
	const points = await shown('/admin/points');
	await expectRefused(await post('/admin/points?/reverse', { entryId: 'abc' }), 'Choose the grant');
	expect(await shown('/admin/points')).toBe(points);

	const people = await shown('/admin/people');
	const personId = await alex.locator('input[name="personId"]').first().inputValue();
	const huge = { personId, teamId: '99999999999' };
	await expectRefused(await post('/admin/people?/assignTeam', huge), 'Choose a team.');
	expect(await shown('/admin/people')).toBe(people);

	const teams = await shown('/admin/teams');
	const departmentId = await alex
		.locator('#new-team-department option:not([disabled])')
		.first()
		.getAttribute('value');
	const nul = { name: 'Night\u0000shift', departmentId: departmentId ?? '' };
	await expectRefused(await post('/admin/teams?/create', nul), NUL_REFUSED);
	expect(await shown('/admin/teams')).toBe(teams);
});

test('an escalation refuses a huge assignee and a NUL in a comment, changing nothing', async () => {
	await alex.goto('/escalations');
	const hrefs = await alex
		.locator('a[href^="/escalations/"]')
		.evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
	const path = hrefs.find((href) => /^\/escalations\/\d+$/.test(href));
	expect(path).toBeTruthy();
	const before = await shown(path!);
	const assign = await post(`${path}?/assign`, { assigneeId: '99999999999' });
	await expectRefused(assign, 'Choose a person.');
	await expectRefused(await post(`${path}?/comment`, { body: 'See log\u0000' }), NUL_REFUSED);
	expect(await shown(path!)).toBe(before);
});

test('the kudos form refuses hostile superforms JSON and NUL text, and the wall is unchanged', async () => {
	await alex.goto('/kudos');
	const cards = await alex.locator('.cards > li').count();
	expect(cards, 'the demo wall has kudos').toBeGreaterThan(0);
	// The doubling graph: each array holds the next twice (2^23 values from 200 bytes).
	const graph: unknown[] = [{ clientKey: 1, recipientIds: 2, message: 1, valueId: 1 }, 'k'];
	for (let level = 0; level < 23; level++) graph.push([graph.length + 1, graph.length + 1]);
	graph.push(1);
	const hostile = { __superform_id: 'give', __superform_json: JSON.stringify(graph) };
	await expectRefused(await post('/kudos?/give', hostile), JSON_REFUSED);
	const arrayRoot = { __superform_id: 'give', __superform_json: '[[1,1],[2,2],[3],3]' };
	await expectRefused(await post('/kudos?/give', arrayRoot), JSON_REFUSED);
	const plain = {
		clientKey: crypto.randomUUID(),
		recipientNames: 'Lukas Becker',
		message: 'Thanks\u0000',
		valueId: '1',
		teamId: '0',
		points: '0'
	};
	await expectRefused(await post('/kudos?/give', plain), NUL_REFUSED);
	await alex.reload();
	await expect(alex.locator('.cards > li')).toHaveCount(cards);
});

test('a JSON body to /theme is a 400, and the theme stays as it was', async () => {
	const response = await alex.request.post('/theme', {
		headers: { origin, 'content-type': 'application/json', accept: 'application/json' },
		data: JSON.stringify({ theme: 'dark' })
	});
	await expectRefused(response, 'This address takes a form');
	const cookies = await alex.context().cookies();
	expect(cookies.find((c) => c.name === 'theme')?.value ?? 'system').not.toBe('dark');
});

test('signing in sends you back to an address beyond Latin-1', async ({ browser }) => {
	const context = await browser.newContext();
	const page = await context.newPage();
	const back = '/people?q=Zoë 😀';
	await page.goto(`/login?redirectTo=${encodeURIComponent(back)}`);
	await page.getByLabel('Email').fill(ALEX);
	await page.getByLabel('Password').fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('heading', { name: 'People', exact: true })).toBeVisible();
	expect(new URL(page.url()).searchParams.get('q')).toBe('Zoë 😀');
	// Signed in already: the login page passes the same address straight on.
	const again = await page.request.get(`/login?redirectTo=${encodeURIComponent(back)}`, {
		maxRedirects: 0
	});
	expect(again.status()).toBe(303);
	expect(again.headers().location).toBe('/people?q=Zo%C3%AB%20%F0%9F%98%80');
	await context.close();
});
