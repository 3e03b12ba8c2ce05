import { expect, test } from '@playwright/test';
import { DESKTOP, mark, signedIn, untouched } from './helpers';
import {
	createOpenHackathon,
	openLive,
	startNext,
	startTeam,
	submitProject
} from './hackathon-steps';

// A rubric-judged hackathon of its own, in four browsers: Alex organises; Priya, Lukas and
// Maya each captain a team and submit (Maya watches Priya's project appear); Alex starts
// judging, picks Maya as a judge and assigns projects; Maya scores Lukas's project and is
// refused on her own team.
const ALEX = 'alex.admin@demo.tandem.test';
const PRIYA = 'priya.natarajan@demo.tandem.test';
const LUKAS = 'lukas.becker@demo.tandem.test';
const MAYA = 'maya.okafor@demo.tandem.test';

test('teams submit, a judge scores and is refused on their own team', async ({ browser }) => {
	// Four browsers and a dozen form posts: minutes on a loaded two-core machine.
	test.setTimeout(420_000);
	// One at a time: password hashing on a small machine is slow by design.
	const alex = await signedIn(browser, ALEX, { ...DESKTOP });
	const priya = await signedIn(browser, PRIYA, { ...DESKTOP });
	const lukas = await signedIn(browser, LUKAS, { ...DESKTOP });
	const maya = await signedIn(browser, MAYA, { ...DESKTOP });

	const path = await createOpenHackathon(alex, {
		title: 'Rubric Judging Hack',
		criteria: 'Customer impact: 3\nExecution: 2'
	});
	const answers = await startTeam(priya, path, 'Answer Finders');
	const pipeline = await startTeam(lukas, path, 'Pipeline Doctors');
	const own = await startTeam(maya, path, 'Roadmap Readers');
	await openLive(alex, path);
	await startNext(alex, 'Hacking');

	// A bad link is refused next to its field and saves nothing.
	await openLive(maya, answers);
	await mark(maya);
	await openLive(priya, answers);
	const form = priya.getByRole('form', { name: 'Submission' });
	await form.getByLabel('Title').fill('Answer Finder');
	await form.getByLabel('Description').fill('Finds answers.');
	await form.getByLabel('Repository link').fill('ftp://nope');
	await form.getByRole('button', { name: 'Save submission' }).click();
	await expect(form.getByText('Give the repository link as an http(s) address.')).toBeVisible();
	await form.getByLabel('Repository link').fill('');
	await form.getByRole('button', { name: 'Save submission' }).click();
	await expect(priya.getByText('Submission saved.')).toBeVisible();
	// Maya's open page shows the project without a reload.
	await expect(maya.getByRole('heading', { name: 'Answer Finder', exact: true })).toBeVisible();
	expect(await untouched(maya)).toBe(true);
	await submitProject(lukas, pipeline, 'Pipeline Doctor');
	await submitProject(maya, own, 'Roadmap Radar');

	// Alex starts judging, picks Maya and assigns one judge per project.
	await openLive(alex, path);
	await startNext(alex, 'Judging');
	await openLive(alex, `${path}/judging`);
	await alex.getByLabel('Colleague to judge').selectOption({ label: 'Maya Okafor' });
	await alex.getByRole('button', { name: 'Add judge' }).click();
	await expect(alex.getByText('Judge added.')).toBeVisible();
	await alex.getByLabel('Judges per project (at least)').fill('1');
	await alex.getByRole('button', { name: 'Assign' }).click();
	await expect(alex.getByText('2 assignments added.')).toBeVisible();
	const ownProject = (await alex
		.getByRole('link', { name: 'Roadmap Radar' })
		.getAttribute('href'))!;

	// Maya sees the two other projects (never her own team's), scores one, and her
	// progress moves.
	await openLive(maya, `${path}/judging`);
	await expect(maya.getByText('0 done, 2 left')).toBeVisible();
	await maya.getByRole('link', { name: 'Pipeline Doctor' }).click();
	// The scoring page first: a criterion left unscored is named next to it, nothing saved.
	await expect(maya.getByRole('heading', { name: 'Your scores' })).toBeVisible();
	const groups = await maya.getByRole('group', { name: /weight/ }).all();
	expect(groups).toHaveLength(2);
	await groups[0].getByLabel('4').check();
	await maya.getByRole('button', { name: 'Save scores' }).click();
	await expect(groups[1].getByText('Score every criterion from 1 to 5.')).toBeVisible();
	await expect(maya.getByText('Scores saved.', { exact: false })).toHaveCount(0);
	await groups[1].getByLabel('4').check();
	await maya.getByRole('button', { name: 'Save scores' }).click();
	await expect(maya.getByText('Scores saved.', { exact: false })).toBeVisible();
	await openLive(maya, `${path}/judging`);
	await expect(maya.getByText('1 done, 1 left')).toBeVisible();

	// Her own team's project is refused, by the page and by the server.
	await openLive(maya, ownProject);
	await expect(maya.getByRole('heading', { name: 'Your scores' })).toBeVisible();
	for (const group of await maya.getByRole('group', { name: /weight/ }).all()) {
		await group.getByLabel('5').check();
	}
	await maya.getByRole('button', { name: 'Save scores' }).click();
	await expect(maya.getByText('You cannot judge your own team.')).toBeVisible();
	// The same form posted without JavaScript (plain fields) is refused the same way.
	const criteria = await maya
		.locator('input[name="criterion"]')
		.evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
	expect(criteria).toHaveLength(2);
	const fields = new FormData();
	for (const id of criteria) {
		fields.append('criterion', id);
		fields.append(`score-${id}`, '5');
	}
	const plain = await maya.request.post(`${ownProject}?/score`, {
		headers: { origin: new URL(maya.url()).origin },
		multipart: fields,
		failOnStatusCode: false
	});
	expect(await plain.text()).toContain('You cannot judge your own team.');

	// Alex's averages show Maya's score for Pipeline Doctor, and nothing for her own team.
	await alex.reload();
	const row = alex.getByRole('row', { name: /Pipeline Doctor/ });
	await expect(row.getByRole('cell').nth(1)).toHaveText('4.00');
	await expect(
		alex
			.getByRole('row', { name: /Roadmap Radar/ })
			.getByRole('cell')
			.nth(0)
	).toHaveText('0');
	for (const page of [alex, priya, lukas, maya]) await page.context().close();
});
