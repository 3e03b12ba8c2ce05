// The RACI module's public API: the only file routes and other modules import. Other
// modules ask `informedFor(key)` (or `informedTeamsIn(tx, key)` inside their write) which
// teams to tell when Tandem acts on an activity.
import type { TandemModule } from '../module';
import { raciRooms } from './events';
import { seedDemoRaci } from './seed';

export * from './events';
export { rowProblem, activityKey } from './rules';
export { saveRaciRow, addRaciActivity, applyRaciTemplate } from './service';
export {
	raciMatrix,
	raciHistory,
	informedFor,
	informedTeamsIn,
	departmentsWithRoleIn
} from './queries';
export type { RaciMatrix } from './queries';
export { RACI_TEMPLATE } from './template';

export const raci: TandemModule = {
	id: 'raci',
	nav: { href: '/raci', label: 'Responsibilities' },
	rooms: raciRooms,
	seed: seedDemoRaci
};
