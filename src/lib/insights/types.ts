// What the browser may know of insights: the period kinds, levels and their labels.
export const PERIOD_KINDS = ['month', 'week'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export const INSIGHT_LEVELS = ['org', 'department', 'team', 'person'] as const;
export type InsightLevel = (typeof INSIGHT_LEVELS)[number];

export const LEVEL_LABELS: Record<InsightLevel, string> = {
	org: 'Organisation',
	department: 'Department',
	team: 'Team',
	person: 'Me'
};

/** "Open longer than N days": the choices the page offers (any N is answered from the rollup). */
export const OPEN_AGE_DAYS = [3, 7, 14, 30] as const;
