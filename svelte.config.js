import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		adapter: adapter({ out: 'build' }),
		// OpenTelemetry spans for hooks, loads and actions, and src/instrumentation.server.ts
		// run before the app; spans go nowhere unless OTEL_EXPORTER_OTLP_ENDPOINT is set.
		experimental: { tracing: { server: true }, instrumentation: { server: true } },
		// Cross-site form posts are refused by default (the Origin must match the app's
		// ORIGIN); no extra origins are trusted.
		csrf: { trustedOrigins: [] },
		// Scripts only from the app itself, each inline one carrying the request's nonce
		// (hashes for prerendered pages). Styles allow inline: Svelte's `style:` directives
		// render style attributes. Live updates connect to the same origin ('self').
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'media-src': ['self', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
