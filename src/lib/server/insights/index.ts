// The insights module's public API: collaboration figures at organisation, department,
// team and individual level, read from rollups that a recurring job keeps up to date.
import type { TandemModule } from '../module';
import { seedDemoInsights } from './seed';
import { registerInsightJobs, startInsightRefresh } from './service';

export { insightsView, insightSubjects, type InsightsView, type InsightsRequest } from './queries';
export type { ChartTable, Headline } from './tables';
export { buildPeriod, ensurePeriods, refreshInsights, builtAt, forgetInsights } from './service';
export { isPeriodStart, mayViewInsights, periodStartOf, shiftPeriod, quantile } from './rules';

export const insights: TandemModule = {
	id: 'insights',
	nav: { href: '/insights', label: 'Insights' },
	seed: seedDemoInsights,
	register: () => registerInsightJobs(),
	start: () => startInsightRefresh()
};
