// People, teams and departments: the org platform's public API.

/**
 * People, teams and departments are the read model every module joins for names and
 * places (who found a bug, which department a kudos crossed). Read them; change them only
 * through the services below, which admins alone may use and which record `org` room
 * events. (First, so they are ready for modules that import org while org is still loading.)
 */
export { department, person, team } from './schema';
import type { TandemModule } from '../module';
import { orgRooms } from './events';

export * from './people';
export * from './teams';
export * from './seed';
export * from './events';
export { requireActiveAdmin } from './rules';
export { guardTeamDeletion, type TeamDeletionGuard } from './guards';

/** Registered for its room only: the org's pages are the platform's own admin pages. */
export const orgPlatform: TandemModule = { id: 'org', rooms: orgRooms };
export * from './periods';
