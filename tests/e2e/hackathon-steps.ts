import { expect, type Page } from '@playwright/test';

// Steps the hackathon walk-throughs share. Each walk-through creates its own hackathon
// through the New hackathon form, so none of them moves the demo's running hackathon
// (which later files expect in its hacking phase) or depends on another file's leftovers.

/**
 * Opens a page and waits until it is live (hydrated): on a loaded machine a field filled
 * before hydration is emptied again by the page's form state.
 */
export async function openLive(page: Page, path: string) {
	await page.goto(path);
	await expect(page.getByTestId('connection-status')).toHaveText('Live');
}

export interface NewHackathon {
	title: string;
	/** "Rubric", "Pairwise" or "Rubric and pairwise" as the form labels them. */
	judgingMode?: string;
	/** The prizes field: "Category | Prize title | points" lines. */
	prizes?: string;
	criteria?: string;
}

/**
 * The organiser creates a hackathon open to teams of one or more from any department
 * (so each walk-through needs as few people as it checks), then opens registration.
 * Returns the hackathon's path.
 */
export async function createOpenHackathon(organiser: Page, options: NewHackathon) {
	await openLive(organiser, '/hackathons/new');
	await organiser.getByLabel('Title').fill(options.title);
	await organiser.getByRole('textbox', { name: 'Theme' }).fill('End to end');
	await organiser.getByLabel('Description').fill(`${options.title}, made by a test.`);
	await organiser.getByLabel('Challenges').fill('Search *');
	await organiser.getByLabel('Prizes').fill(options.prizes ?? 'Overall | Grand prize | 100');
	await organiser.getByLabel('Smallest team').fill('1');
	await organiser.getByLabel('Departments per team (at least)').fill('1');
	if (options.judgingMode)
		await organiser.getByLabel('Judging mode').selectOption({ label: options.judgingMode });
	if (options.criteria) await organiser.getByLabel('Criteria').fill(options.criteria);
	await organiser.getByRole('button', { name: 'Create hackathon' }).click();
	await expect(organiser.getByRole('heading', { name: options.title, level: 1 })).toBeVisible();
	const path = new URL(organiser.url()).pathname;
	await startNext(organiser, 'Registration');
	return path;
}

/** The organiser, on the hackathon's page, moves it to its next phase by hand. */
export async function startNext(organiser: Page, phase: string) {
	await organiser.getByRole('button', { name: `Start ${phase.toLowerCase()} now` }).click();
	await expect(organiser.locator('.status [data-phase]')).toHaveText(phase);
}

/** Someone starts a team on the hackathon's page; returns the team page's path. */
export async function startTeam(page: Page, hackathonPath: string, name: string) {
	await openLive(page, hackathonPath);
	await page.getByLabel('Team name').fill(name);
	await page.getByRole('button', { name: 'Create team' }).click();
	const card = page.locator(`[data-team="${name}"]`);
	await expect(card.getByText('(captain)')).toBeVisible();
	return (await card.getByRole('link', { name }).first().getAttribute('href'))!;
}

/** A team member saves the team's submission on the team page. */
export async function submitProject(page: Page, teamPath: string, title: string) {
	await openLive(page, teamPath);
	const form = page.getByRole('form', { name: 'Submission' });
	await form.getByLabel('Title').fill(title);
	await form.getByLabel('Description').fill(`What ${title} does.`);
	await form.getByLabel('Demo link or video').fill('https://video.example.com/demo');
	await form.getByRole('button', { name: 'Save submission' }).click();
	await expect(page.getByText('Submission saved.')).toBeVisible();
}
