// The SLO module's public API: the only file routes and other modules import. It hooks
// into escalation changes through the escalations module's listener registry, so the
// escalations module never imports this one.
import { onEscalationChange } from '../escalations';
import type { TandemModule } from '../module';
import { reevaluateClocksIn } from './evaluate';
import { sloRooms } from './events';
import { seedDemoSlo } from './seed';
import { sloJobs, startSloTriggers } from './triggers';

export * from './events';
export * from './service';
export * from './queries';
export * from './figures';
export { matchConditions, firstMatchingPolicy } from './rules';
export { setSloNow, sloNow } from './clocks';
export { reevaluateClocksIn } from './evaluate';
export { fireDueTriggers } from './triggers';
export { provideLinkedFacts, type LinkedFacts } from './linked';
export { sloOutcomesBetween, type SloOutcome } from './insights';

export const slo: TandemModule = {
	id: 'slo',
	admin: { href: '/admin/slo', label: 'SLO policies' },
	rooms: sloRooms,
	jobs: sloJobs,
	seed: seedDemoSlo,
	register: () =>
		onEscalationChange('slo', (tx, record, change) =>
			reevaluateClocksIn(tx, record, change.escalationId).then(() => undefined)
		),
	start: () => startSloTriggers()
};
