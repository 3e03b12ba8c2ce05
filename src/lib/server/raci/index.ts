// The RACI module's public API: the only file routes and other modules import. Other
// modules ask `informedPeopleIn(tx, key)` inside their write whom to tell when Tandem acts
// on an activity (`informedFor(key)`: which teams), and `columnsWithRoleIn` which
// departments and team columns hold a letter.
import type { TandemModule } from '../module';
import { guardTeamDeletion } from '../org';
import { keepTeamColumns } from './columns';
import { raciRooms } from './events';
import { seedDemoRaci } from './seed';

export * from './events';
export { rowProblem, activityKey, type RaciColumn } from './rules';
export { saveRaciRow, addRaciActivity, applyRaciTemplate } from './service';
export { addTeamColumn, removeTeamColumn } from './columns';
export {
	raciMatrix,
	raciHistory,
	teamsWithoutColumn,
	informedFor,
	informedTeamsIn,
	informedPeopleIn,
	columnsWithRoleIn
} from './queries';
export type { RaciMatrix, RoleHolder } from './queries';
export { RACI_TEMPLATE } from './template';

export const raci: TandemModule = {
	id: 'raci',
	nav: { href: '/raci', label: 'Responsibilities' },
	rooms: raciRooms,
	register: () => guardTeamDeletion('raci', keepTeamColumns),
	seed: seedDemoRaci
};
