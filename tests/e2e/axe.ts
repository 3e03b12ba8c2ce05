// axe-core in the page under test: what an accessibility audit finds serious or critical.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';

const axeSource = readFileSync(
	createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
	'utf8'
);

/** Serious or critical axe-core violations on the current page. */
export async function seriousViolations(page: Page): Promise<string[]> {
	// Evaluated by the test driver: an injected inline <script> is (rightly) refused by the
	// page's Content-Security-Policy.
	await page.evaluate(axeSource);
	return page.evaluate(async () => {
		const axe = (window as unknown as { axe: { run(): Promise<{ violations: unknown[] }> } }).axe;
		const { violations } = await axe.run();
		return (violations as { id: string; impact: string; nodes: { target: string[] }[] }[])
			.filter((v) => v.impact === 'serious' || v.impact === 'critical')
			.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
	});
}
