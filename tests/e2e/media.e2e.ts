import { expect, test, type Page } from '@playwright/test';

// Support records what the customer sees on an escalation, in real Chromium with a fake
// screen and microphone. The network drops mid-recording; the upload says it is
// reconnecting, resumes, and the saved video plays and seeks on the escalation page.
const PASSWORD = 'tandem-demo-2026';
const PRIYA = 'priya.natarajan@demo.tandem.test';

async function signIn(page: Page, email: string) {
	await page.goto('/login');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('heading', { name: /^Welcome/ })).toBeVisible();
}

/** The first demo escalation that still takes recordings (not closed). */
async function openEscalation(page: Page): Promise<string> {
	await page.goto('/escalations');
	const links = await page
		.locator('main a[href^="/escalations/"]')
		.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
	for (const href of links.filter((h) => /^\/escalations\/\d+$/.test(h))) {
		await page.goto(href);
		// The recorder appears once the page runs in the browser (it needs MediaRecorder).
		await expect(page.getByTestId('connection-status')).toHaveText('Live');
		const record = page.getByRole('button', { name: 'Record screen' });
		if (
			await record.waitFor({ timeout: 3_000 }).then(
				() => true,
				() => false
			)
		)
			return href;
	}
	throw new Error('No open escalation in the demo workspace');
}

test('support records the screen on an escalation; the upload survives a dropped network; the video plays and seeks', async ({
	page,
	context
}) => {
	test.setTimeout(180_000);
	await signIn(page, PRIYA);
	await openEscalation(page);
	const section = page.locator('section', {
		has: page.getByRole('heading', { name: 'Screen recordings' })
	});
	const status = section.getByRole('status').first();

	await section.getByRole('button', { name: 'Record screen' }).click();
	await expect(status).toContainText('Recording');
	// Chunks arrive every second and are acknowledged by the server.
	await expect(status).not.toContainText(/ 0 KB uploaded/, { timeout: 60_000 });

	await context.setOffline(true);
	await expect(status).toContainText('Reconnecting', { timeout: 15_000 });
	await page.waitForTimeout(1_500);
	await context.setOffline(false);
	await expect(status).not.toContainText('Reconnecting', { timeout: 20_000 });

	const seconds = async () => {
		const [m, s] = (await section.getByTestId('recording-time').textContent())!.split(':');
		return Number(m) * 60 + Number(s);
	};
	await expect.poll(seconds, { timeout: 20_000 }).toBeGreaterThanOrEqual(5);
	const recorded = await seconds();
	const ranges: number[] = [];
	page.on('response', (response) => {
		if (/\/media\/\d+$/.test(new URL(response.url()).pathname)) ranges.push(response.status());
	});
	await section.getByRole('button', { name: 'Stop recording' }).click();
	await expect(section.getByText('Saved.')).toBeVisible({ timeout: 30_000 });

	const video = section.getByLabel('Screen recording 1', { exact: true });
	await expect(video).toBeVisible({ timeout: 15_000 });
	await expect(section).toContainText(/Priya Natarajan · .* · \d:\d\d/);

	// The whole recording arrived: it lasts about as long as it was recorded, the gap
	// included (the recorder kept its chunks while the network was down).
	const duration = await video.evaluate(
		(el: HTMLVideoElement) =>
			new Promise<number>((resolve) => {
				const done = () =>
					Number.isFinite(el.duration) ? resolve(el.duration) : setTimeout(done, 100);
				if (el.readyState >= 1) done();
				else el.addEventListener('loadedmetadata', done, { once: true });
			})
	);
	expect(duration).toBeGreaterThan(recorded - 1);
	// (The recorder stops a moment after the click; a slow machine makes that moment longer.)
	expect(duration).toBeLessThan(recorded + 20);

	const seekedTo = await video.evaluate(
		(el: HTMLVideoElement) =>
			new Promise<number>((resolve) => {
				el.addEventListener('seeked', () => resolve(el.currentTime), { once: true });
				el.currentTime = 3;
			})
	);
	expect(seekedTo).toBeCloseTo(3, 0);
	const playedTo = await video.evaluate(async (el: HTMLVideoElement) => {
		el.muted = true;
		await el.play();
		await new Promise((resolve) => setTimeout(resolve, 800));
		el.pause();
		return el.currentTime;
	});
	expect(playedTo).toBeGreaterThan(3.2);
	// Seeking was served from byte ranges.
	expect(ranges).toContain(206);
});

test('a signed-out visitor gets no recording bytes, and a wrong file is refused next to the upload', async ({
	page,
	request
}) => {
	const anonymous = await request.get('/media/1', { headers: { range: 'bytes=0-' } });
	expect(anonymous.status()).toBe(401);
	expect((await anonymous.body()).byteLength).toBeLessThan(2_000);
	const upload = await request.post('/api/uploads', {
		headers: { 'Tus-Resumable': '1.0.0', 'Upload-Length': '10' }
	});
	expect(upload.status()).toBe(401);

	await signIn(page, PRIYA);
	await openEscalation(page);
	const section = page.locator('section', {
		has: page.getByRole('heading', { name: 'Screen recordings' })
	});
	await section.locator('input[type=file]').setInputFiles({
		name: 'customer.webm',
		mimeType: 'video/webm',
		buffer: Buffer.from('This is a text file pretending to be a video.')
	});
	await expect(section.getByRole('alert')).toHaveText(/not a video we can play/);
});
