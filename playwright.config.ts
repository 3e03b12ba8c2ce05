import { defineConfig } from '@playwright/test';

// Two servers from the built app: an empty workspace for the account flows (on PGlite,
// or on a throw-away PostgreSQL database when DATABASE_URL is set) and the embedded demo
// workspace a newcomer gets from `npm start`.
// E2E_PORT moves both servers, so two checkouts can run their suites side by side.
const APP_PORT = Number(process.env.E2E_PORT || 4173);
const DEMO_PORT = APP_PORT + 1;
// TANDEM_SKIP_EMBEDDED_E2E=1: only the account flows, the one project DATABASE_URL moves.
// CI's second pass (on PostgreSQL) sets it: the demo workspace is embedded PGlite whatever
// DATABASE_URL says, so its walk-throughs would only repeat the first pass.
const ONLY_ACCOUNTS = Boolean(process.env.TANDEM_SKIP_EMBEDDED_E2E);

const chromiumArgs = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-dev-shm-usage',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
	// Screen and microphone recording (the media e2e): a fake screen, camera and microphone,
	// and permission prompts answered yes.
	'--use-fake-ui-for-media-stream',
	'--use-fake-device-for-media-stream',
	'--auto-select-desktop-capture-source=Entire screen'
];

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.e2e.ts',
	fullyParallel: false,
	workers: 1,
	retries: 0,
	// Walk-throughs drive three or four browsers at once on two cores: room for a slow
	// machine, never a wait that a passing run depends on.
	timeout: 120_000,
	expect: { timeout: 15_000 },
	reporter: process.env.CI ? [['list']] : [['list']],
	use: {
		// A desktop screen wide enough for the whole navigation bar; below 1360 px it folds
		// into the Menu, which the layout and accessibility tests check at 1280 and 390 px.
		viewport: { width: 1440, height: 900 },
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
			args: chromiumArgs
		},
		trace: 'retain-on-failure'
	},
	projects: [
		{
			name: 'accounts',
			testMatch: 'accounts.e2e.ts',
			use: { baseURL: `http://localhost:${APP_PORT}` }
		},
		...(ONLY_ACCOUNTS
			? []
			: [
					{
						name: 'demo',
						// Every walk-through but the account flows runs on the demo workspace.
						testIgnore: 'accounts.e2e.ts',
						use: { baseURL: `http://localhost:${DEMO_PORT}` }
					}
				])
	],
	// A busy machine takes minutes to migrate and seed the demo workspace: waiting longer for
	// the servers costs nothing when they are quick.
	webServer: [
		{
			command: `node tests/e2e/serve.js ${APP_PORT} empty`,
			url: `http://localhost:${APP_PORT}/api/health`,
			reuseExistingServer: false,
			timeout: 300_000,
			gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
			stdout: 'ignore',
			stderr: 'pipe'
		},
		...(ONLY_ACCOUNTS
			? []
			: [
					{
						command: `node tests/e2e/serve.js ${DEMO_PORT} demo`,
						url: `http://localhost:${DEMO_PORT}/api/health`,
						reuseExistingServer: false,
						timeout: 300_000,
						gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
						stdout: 'ignore',
						stderr: 'pipe'
					} as const
				])
	]
});
