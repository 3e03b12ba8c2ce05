// The address of an insights view: ?period=month|week&start=YYYY-MM-DD&level=…&id=…&days=N.
// Anything missing or malformed falls back to the default (this month, the organisation),
// except an id that names nothing, which the load answers with a 404.
import { parseId } from '$lib/ids';
import {
	INSIGHT_LEVELS,
	OPEN_AGE_DAYS,
	PERIOD_KINDS,
	type InsightLevel,
	type PeriodKind
} from '$lib/insights/types';
import { isPeriodStart, periodStartOf, type InsightsRequest } from '$lib/server/insights';

export function insightsRequestFrom(
	params: URLSearchParams,
	viewerId: number,
	now = new Date()
): InsightsRequest | null {
	const kindText = params.get('period');
	const kind: PeriodKind = PERIOD_KINDS.includes(kindText as PeriodKind)
		? (kindText as PeriodKind)
		: 'month';
	const startText = params.get('start') ?? '';
	const current = periodStartOf(kind, now);
	const start = isPeriodStart(kind, startText) && startText <= current ? startText : current;
	// The department-or-team picker posts subject=department:3 / team:7.
	const [pickedLevel, pickedId] = (params.get('subject') ?? '').split(':');
	if ((pickedLevel === 'department' || pickedLevel === 'team') && pickedId) {
		params = new URLSearchParams(params);
		params.set('level', pickedLevel);
		params.set('id', pickedId);
	}
	const levelText = params.get('level');
	const level: InsightLevel = INSIGHT_LEVELS.includes(levelText as InsightLevel)
		? (levelText as InsightLevel)
		: 'org';
	const days = Number(params.get('days'));
	const openAgeDays = (OPEN_AGE_DAYS as readonly number[]).includes(days) ? days : 7;
	if (level === 'org') return { kind, start, level, subjectId: 0, openAgeDays };
	const id = params.get('id');
	const subjectId = id === null && level === 'person' ? viewerId : parseId(id);
	if (subjectId === null) return null;
	return { kind, start, level, subjectId, openAgeDays };
}
