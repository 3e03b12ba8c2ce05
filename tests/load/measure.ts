// Minimal timing helpers for the benchmarks: run a step N times, report percentiles.

export interface Figure {
	name: string;
	runs: number;
	p50: number;
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
	const total = performance.now() - started;
	times.sort((a, b) => a - b);
	const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
	return {
		name,
		runs,
		p50: at(0.5),
		p99: at(0.99),
		max: times[times.length - 1],
		perSecond: (runs / total) * 1000
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
			p99: ms(f.p99),
			max: ms(f.max),
			'per second': Math.round(f.perSecond)
		}))
	);
}
