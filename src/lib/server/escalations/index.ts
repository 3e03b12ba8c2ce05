// The escalations module's public API: the only file routes and other modules import.
import type { TandemModule } from '../module';
import { escalationRooms } from './events';
import { escalationMedia } from './recordings';

export * from './events';
export * from './rules';
export * from './service';
export * from './conversation';
export * from './queries';
export * from './figures';
export { onEscalationChange, type EscalationChange } from './listeners';
export { ESCALATION_RECORDING, recordingsOfEscalation } from './recordings';
export { escalationTimesBetween, assigneesOf, type EscalationTimes } from './insights';

export const escalations: TandemModule = {
	id: 'escalations',
	nav: { href: '/escalations', label: 'Escalations' },
	rooms: escalationRooms,
	media: escalationMedia
};
