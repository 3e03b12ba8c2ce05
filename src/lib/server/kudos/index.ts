// The kudos module's public API: the only file routes and other modules import.
import type { TandemModule } from '../module';
import { kudosRooms } from './events';
import { seedDemoKudos } from './seed';

export * from './events';
export * from './service';
export {
	allowanceAndPosition,
	allowanceMonth,
	allowanceOf,
	DEFAULT_SETTINGS,
	settingsOf
} from './allowance';
export * from './admin';
export * from './queries';
export { kudosFlowsBetween } from './insights';
export { kudosCountsIn, kudosHighlightsIn, type TeamKudos } from './periods';

export const kudos: TandemModule = {
	id: 'kudos',
	nav: { href: '/kudos', label: 'Kudos' },
	admin: { href: '/admin/kudos', label: 'Kudos' },
	rooms: kudosRooms,
	seed: seedDemoKudos
};
