// The shipping files stay true to the app: compose parses and wires the services as the
// README says, the image runs unprivileged with a health check, and .env.example documents
// every variable the code reads.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';

const read = (file: string) => readFileSync(file, 'utf8');

/** Every environment variable read in src/ (process.env.X and $env's env.X). */
function variablesReadBySource(): Set<string> {
	const found = new Set<string>();
	const visit = (path: string) => {
		if (statSync(path).isDirectory()) {
			for (const entry of readdirSync(path)) visit(join(path, entry));
			return;
		}
		if (!/\.(ts|js|svelte)$/.test(path)) return;
		for (const match of read(path).matchAll(/\b(?:process\.env|env)\.([A-Z][A-Z0-9_]{2,})/g))
			found.add(match[1]);
	};
	visit('src');
	return found;
}

describe('compose.yaml', () => {
	const compose = parse(read('compose.yaml'));

	test('one Tandem with its data volume by default; PostgreSQL and Redis in a profile, healthy first', () => {
		const tandem = compose.services.tandem;
		expect(tandem.profiles).toBeUndefined();
		expect(tandem.volumes).toContain('tandem-data:/app/data');
		for (const name of ['postgres', 'redis']) {
			expect(compose.services[name].profiles).toEqual(['postgres']);
			expect(compose.services[name].healthcheck.test.length).toBeGreaterThan(0);
			expect(tandem.depends_on[name]).toEqual({ condition: 'service_healthy', required: false });
		}
		expect(Object.keys(compose.volumes)).toEqual(['tandem-data', 'postgres-data']);
	});
});

describe('Dockerfile', () => {
	const dockerfile = read('Dockerfile');

	test('Node 24 slim, built then pruned, runs as the unprivileged user with a /healthz check', () => {
		expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:24-slim$/m);
		expect(dockerfile).toMatch(/npm run build && npm prune --omit=dev/);
		expect(dockerfile).toMatch(/^USER node$/m);
		expect(dockerfile).toMatch(/^VOLUME \/app\/data$/m);
		expect(dockerfile).toMatch(/^HEALTHCHECK [\s\S]*\/healthz/m);
		expect(dockerfile).toMatch(
			/WITH_FFMPEG[\s\S]*apt-get install -y --no-install-recommends ffmpeg/
		);
	});
});

describe('.env.example', () => {
	test('documents every variable the code reads', () => {
		const documented = new Set(
			[...read('.env.example').matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1])
		);
		// Set by the test harnesses and the start script itself, not by operators.
		const internal = new Set(['NODE_ENV', 'TANDEM_SEED']);
		const missing = [...variablesReadBySource()].filter(
			(name) => !documented.has(name) && !internal.has(name)
		);
		expect(missing).toEqual([]);
	});
});
