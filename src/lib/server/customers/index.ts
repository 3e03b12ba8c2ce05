// The customers module's public API: the only file routes and other modules import.
// Customers are their own module because escalations, SLO policies and the voice of the
// customer all read them, and none of those should own the others' view of a customer.
import type { TandemModule } from '../module';
import { customerRooms } from './events';
import { seedDemoCustomers } from './seed';

export * from './events';
export * from './rules';
export * from './service';
export * from './queries';
export { customer } from './schema';
export { onCustomerChange, type CustomerChangeListener } from './listeners';

export const customers: TandemModule = {
	id: 'customers',
	rooms: customerRooms,
	seed: seedDemoCustomers
};
