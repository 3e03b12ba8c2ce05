// The feature requests module's public API (the voice of the customer): the only file
// routes and other modules import. The monthly sync reads `topRequestsByArr`,
// insights `topRequestsAskedBetween`.
import { onCustomerChange } from '../customers';
import type { TandemModule } from '../module';
import { requestRooms } from './events';
import { customersChanged } from './figures';
import { seedDemoRequests } from './seed';

export * from './events';
export * from './rules';
export * from './service';
export * from './queries';
export { reportCountsIn } from './periods';
export { customerList, SHIPPING_ACTIVITY } from './shipping';

export const requests: TandemModule = {
	id: 'requests',
	nav: { href: '/requests', label: 'Requests' },
	rooms: requestRooms,
	seed: seedDemoRequests,
	// A customer's ARR or sentiment moves the figures of every request they asked for.
	register: () => onCustomerChange('requests', customersChanged)
};
