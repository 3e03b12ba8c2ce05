import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The fault suite (`npm run test:fault`): starts its own PostgreSQL and Redis and the
// built app, then takes them away. One file at a time: each restarts servers on purpose.
export default defineConfig({
	test: {
		root: fileURLToPath(new URL('../..', import.meta.url)),
		// TANDEM_SKIP_FAULT=1: CI runs the suite once (it brings its own PostgreSQL, so the
		// second pass on DATABASE_URL would only repeat it).
		include: process.env.TANDEM_SKIP_FAULT ? [] : ['tests/fault/**/*.fault.ts'],
		passWithNoTests: true,
		testTimeout: 60_000,
		hookTimeout: 300_000,
		fileParallelism: false,
		pool: 'forks'
	}
});
