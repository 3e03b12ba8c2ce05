// Minimal timing helpers for the benchmarks: run a step N times, report percentiles; run
// steps on a fixed schedule (an open loop).
import { setTimeout as sleep } from 'node:timers/promises';

export interface Figure {
	name: string;
	runs: number;
	p50: number;
	p95: number;
	p99: number;
	max: number;
	perSecond: number;
}

export async function measure(
	name: string,
	runs: number,
	step: () => Promise<unknown>
): Promise<Figure> {
	for (let i = 0; i < Math.min(5, runs); i++) await step(); // warm-up
	const times: number[] = [];
	const started = performance.now();
	for (let i = 0; i < runs; i++) {
		const t0 = performance.now();
		await step();
		times.push(performance.now() - t0);
	}
	return figureOf(name, times, performance.now() - started);
}

/** The q-th quantile (0–1) of ascending `sorted` values, by nearest rank. */
export function percentile(sorted: number[], q: number): number {
	return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** A figure from timings taken in any order over `elapsedMs` of wall time. */
export function figureOf(name: string, times: number[], elapsedMs: number): Figure {
	const sorted = [...times].sort((a, b) => a - b);
	return {
		name,
		runs: sorted.length,
		p50: percentile(sorted, 0.5),
		p95: percentile(sorted, 0.95),
		p99: percentile(sorted, 0.99),
		max: sorted[sorted.length - 1],
		perSecond: (sorted.length / elapsedMs) * 1000
	};
}

export function printTable(title: string, figures: Figure[]): void {
	const ms = (v: number) => `${v.toFixed(2)} ms`;
	console.log(`\n${title}`);
	console.table(
		figures.map((f) => ({
			step: f.name,
			runs: f.runs,
			p50: ms(f.p50),
			p95: ms(f.p95),
			p99: ms(f.p99),
			max: ms(f.max),
			'per second': Math.round(f.perSecond)
		}))
	);
}

/**
 * Starts `fire(i)` for i < count at `perSecond`, whatever the answers' speed (an open loop,
 * like people pressing a button): a slow answer never delays the next start, and `lags`
 * shows how late each start was, so a rate the loop could not keep shows instead of
 * shrinking silently. Resolves once every started step has settled.
 */
export async function onSchedule(
	count: number,
	perSecond: number,
	fire: (i: number) => Promise<void>
): Promise<{ lags: number[]; issuedMs: number; settledMs: number }> {
	const gap = 1000 / perSecond;
	const lags: number[] = [];
	const steps: Promise<void>[] = [];
	const started = performance.now();
	for (let i = 0; i < count; i++) {
		const due = started + i * gap;
		if (due - performance.now() > 1) await sleep(due - performance.now());
		lags.push(Math.max(0, performance.now() - due));
		steps.push(fire(i));
	}
	// The last start's own slot counts, so a perfect schedule reads exactly the target rate.
	const issuedMs = performance.now() - started + gap;
	await Promise.all(steps);
	return { lags, issuedMs, settledMs: performance.now() - started };
}
