import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	server: { port: 5173 },
	build: {
		// Plugin timing reports are noise in our build output.
		rolldownOptions: { checks: { pluginTimings: false } }
	},
	test: {
		// `npm run bench` runs the benchmarks in tests/load instead of the tests.
		include: process.env.TANDEM_BENCH
			? ['tests/load/**/*.load.ts']
			: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
		// PGlite boots in 4–5 s with migrations; a file shares one instance.
		testTimeout: 30_000,
		hookTimeout: 60_000,
		pool: 'forks'
	}
});
