import { expect, test, type Page } from '@playwright/test';
import { DESKTOP, mark, signedIn, untouched } from './helpers';
import {
	createOpenHackathon,
	openLive,
	startNext,
	startTeam,
	submitProject
} from './hackathon-steps';

// A pairwise-judged hackathon of its own: Priya and Lukas each submit a project; Alex
// organises, prioritises Lukas's project and judges pairwise; Maya and Priya vote in the
// people's choice; then Priya, Lukas and Maya keep the big screen open while Alex presses
// Reveal, and the winner's balance and badges change.
const ALEX = 'alex.admin@demo.tandem.test';
const PRIYA = 'priya.natarajan@demo.tandem.test';
const LUKAS = 'lukas.becker@demo.tandem.test';
const MAYA = 'maya.okafor@demo.tandem.test';

/** The balance on the rewards page (the demo's past hackathon has paid some people). */
async function balanceOf(page: Page): Promise<number> {
	await page.goto('/rewards');
	return Number((await page.getByTestId('reward-balance').textContent())?.replace(/\D/g, ''));
}

/** The badges on the person's profile. */
async function badgesOf(page: Page): Promise<string[]> {
	await page.goto('/profile');
	await expect(page.getByTestId('my-points')).toBeVisible();
	return (await page.locator('.badges li').allTextContents()).map((text) => text.trim());
}

test('pairwise votes and people’s choice, then the reveal on three open screens pays the winners', async ({
	browser
}) => {
	// Four browsers, two phases of judging and a reveal: minutes on a loaded two-core machine.
	test.setTimeout(480_000);
	const alex = await signedIn(browser, ALEX, { ...DESKTOP });
	const priya = await signedIn(browser, PRIYA, { ...DESKTOP });
	const lukas = await signedIn(browser, LUKAS, { ...DESKTOP });
	const maya = await signedIn(browser, MAYA, { ...DESKTOP });

	const path = await createOpenHackathon(alex, {
		title: 'Reveal Hack',
		judgingMode: 'Pairwise (which of two was better)',
		prizes: 'Overall | Grand prize | 100'
	});
	const answers = await startTeam(priya, path, 'Quick Answers');
	const builds = await startTeam(lukas, path, 'Build Doctors');
	await openLive(alex, path);
	await startNext(alex, 'Hacking');
	await submitProject(priya, answers, 'Quick Answer');
	await submitProject(lukas, builds, 'Build Doctor');
	await openLive(alex, path);
	await startNext(alex, 'Judging');

	// Alex judges pairwise himself, after prioritising Build Doctor: judges see it first.
	await openLive(alex, `${path}/judging`);
	await alex.getByLabel('Colleague to judge').selectOption({ label: 'Alex Admin' });
	await alex.getByRole('button', { name: 'Add judge' }).click();
	await expect(alex.getByText('Judge added.')).toBeVisible();
	const ranking = alex.getByRole('list', { name: 'Pairwise ranking' });
	await ranking.getByRole('button', { name: 'Prioritise Build Doctor' }).click();
	await expect(
		ranking.locator('[data-project="Build Doctor"]').getByText('Prioritised')
	).toBeVisible();
	await expect(ranking.locator('[data-project="Quick Answer"]')).toHaveAttribute(
		'data-prioritised',
		'false'
	);

	await openLive(alex, `${path}/judging/pairwise`);
	await alex.getByRole('button', { name: 'Show the first project' }).click();
	await expect(alex.getByRole('heading', { name: /^Now: Build Doctor/ })).toBeVisible();
	await alex.getByRole('button', { name: 'Next project' }).click();
	await expect(alex.getByRole('heading', { name: /^Now: Quick Answer/ })).toBeVisible();
	await alex.getByRole('button', { name: 'Worse' }).click();
	await expect(alex.getByText('2 projects seen, 1 comparison made.')).toBeVisible();
	await openLive(alex, `${path}/judging`);
	await expect(ranking.getByRole('listitem').first()).toHaveAttribute(
		'data-project',
		'Build Doctor'
	);

	// People's choice: Maya and Priya vote for Build Doctor; Lukas cannot vote for his own.
	for (const voter of [maya, priya]) {
		await openLive(voter, `${path}/projects`);
		await voter.getByRole('button', { name: 'Vote for Build Doctor' }).click();
		await expect(voter.getByText('2 of 3 votes left', { exact: false })).toBeVisible();
	}
	await openLive(lukas, `${path}/projects`);
	await expect(lukas.getByRole('button', { name: 'Vote for Build Doctor' })).toHaveCount(0);

	// What the winners hold before the reveal.
	const lukasBefore = await balanceOf(lukas);
	const priyaBefore = await balanceOf(priya);
	expect(await badgesOf(lukas)).not.toContain('Hackathon winner');

	// Judging closes; three screens wait on the big screen page.
	await openLive(alex, path);
	await startNext(alex, 'Results');
	const screens = [priya, lukas, maya];
	for (const screen of screens) {
		await openLive(screen, `${path}/reveal`);
		await expect(
			screen.getByText('Waiting for the organisers to reveal the results…')
		).toBeVisible();
		await mark(screen);
	}
	await openLive(alex, `${path}/projects`);
	await alex.getByRole('button', { name: 'Reveal', exact: true }).click();
	for (const screen of screens) {
		await expect(screen.locator('.now .winner')).toHaveText('Build Doctor');
		await expect(screen.locator('.now .category')).toHaveText('Overall · Grand prize');
		expect(await untouched(screen)).toBe(true);
	}

	// Entry points for both teams, the prize for Lukas's, and his new badges.
	expect(await balanceOf(lukas)).toBe(lukasBefore + 20 + 100);
	expect(await balanceOf(priya)).toBe(priyaBefore + 20);
	expect(await badgesOf(lukas)).toEqual(expect.arrayContaining(['Hackathon winner']));
	for (const page of [alex, priya, lukas, maya]) await page.context().close();
});
