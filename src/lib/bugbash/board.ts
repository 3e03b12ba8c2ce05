// Words and small rules the bug bash pages share (browser and server).
import type { Severity } from '$lib/report';

export const STATUS_LABELS = {
	new: 'New',
	accepted: 'Accepted',
	duplicate: 'Duplicate',
	not_a_bug: 'Not a bug',
	escalated: 'Escalated'
} as const;
export type BugStatus = keyof typeof STATUS_LABELS;
export const BOARD_COLUMNS = Object.keys(STATUS_LABELS) as BugStatus[];

export { SEVERITY_LABELS } from '$lib/report';

/** A board card: one bug with who found it and how much is going on around it. */
export interface BoardBug {
	id: number;
	title: string;
	area: string;
	severity: Severity;
	status: BugStatus;
	reporterId: number;
	reporterName: string;
	departmentName: string | null;
	duplicateOfId: number | null;
	createdAt: Date;
	confirmations: number;
	comments: number;
	attachments: number;
	escalationId: number | null;
}

export const STATE_LABELS = { scheduled: 'Scheduled', live: 'Live', ended: 'Ended' } as const;

/** Bugs per area, every listed area included, so untested areas stand out at zero. */
export function coverageOf(areas: string[], bugs: { area: string; status: string }[]) {
	const counts = new Map<string, number>(areas.map((a) => [a, 0]));
	for (const b of bugs) {
		if (b.status === 'not_a_bug') continue;
		counts.set(b.area, (counts.get(b.area) ?? 0) + 1);
	}
	return [...counts].map(([area, bugs]) => ({ area, bugs }));
}
