import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		adapter: adapter({ out: 'build' }),
		// Cross-site form posts are refused by default (the Origin must match the app's
		// ORIGIN); no extra origins are trusted.
		csrf: { trustedOrigins: [] }
	}
};

export default config;
