import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { attachSocketServer } from './src/cli/socket-server.js';

/** Attaches the app's Socket.IO server to Vite's dev and preview http servers. */
const realtime: Plugin = {
	name: 'tandem-realtime',
	configureServer(server) {
		if (server.httpServer) void attachSocketServer(server.httpServer as import('node:http').Server);
	},
	configurePreviewServer(server) {
		void attachSocketServer(server.httpServer as import('node:http').Server);
	}
};

export default defineConfig({
	plugins: [sveltekit(), realtime],
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
		pool: 'forks',
		// Benchmarks run one file at a time so their figures do not share the two cores.
		fileParallelism: !process.env.TANDEM_BENCH
	}
});
