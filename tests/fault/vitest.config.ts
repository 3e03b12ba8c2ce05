import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The fault suite (`npm run test:fault`): starts its own PostgreSQL and Redis and the
// built app, then takes them away. One file at a time: each restarts servers on purpose.
export default defineConfig({
	test: {
		root: fileURLToPath(new URL('../..', import.meta.url)),
		include: ['tests/fault/**/*.fault.ts'],
		testTimeout: 60_000,
		hookTimeout: 300_000,
		fileParallelism: false,
		pool: 'forks'
	}
});
