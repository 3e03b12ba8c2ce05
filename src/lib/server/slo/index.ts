// The SLO module's public API: the only file routes and other modules import. It hooks
// into escalation changes through the escalations module's listener registry, so the
// escalations module never imports this one.
import { onCustomerChange } from '../customers';
import { onEscalationChange } from '../escalations';
import { onCalendarChange } from '../workspace';
import type { TandemModule } from '../module';
import { reevaluateClocksIn } from './evaluate';
import {
	recalendarClocksIn,
	recheckCustomersIn,
	renewalsJob,
	RENEWALS,
	startRenewalRecheck
} from './recheck';
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
export { recheckCustomersIn, recheckRenewalsIn, recalendarClocksIn } from './recheck';
export { provideLinkedFacts, type LinkedFacts } from './linked';
export { sloOutcomesBetween, type SloOutcome } from './insights';

export const slo: TandemModule = {
	id: 'slo',
	admin: { href: '/admin/slo', label: 'SLO policies' },
	rooms: sloRooms,
	jobs: { ...sloJobs, [RENEWALS]: renewalsJob },
	seed: seedDemoSlo,
	register: () => {
		onEscalationChange('slo', (tx, record, change) =>
			reevaluateClocksIn(tx, record, change.escalationId).then(() => undefined)
		);
		// A customer's facts and the working calendar change clocks too, in the same transaction.
		onCustomerChange('slo', (tx, record, customerIds) =>
			recheckCustomersIn(tx, record, customerIds)
		);
		onCalendarChange('slo', (tx, record, before) => recalendarClocksIn(tx, record, before));
	},
	start: async () => {
		await startSloTriggers();
		await startRenewalRecheck();
	}
};
