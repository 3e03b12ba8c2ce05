// The escalations module's public API: the only file routes and other modules import.
import type { TandemModule } from '../module';
import { escalationRooms } from './events';

export * from './events';
export * from './rules';
export * from './service';
export * from './conversation';
export * from './queries';
export { onEscalationChange, type EscalationChange } from './listeners';

export const escalations: TandemModule = {
	id: 'escalations',
	nav: { href: '/escalations', label: 'Escalations' },
	rooms: escalationRooms
};
