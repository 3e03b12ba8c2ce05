// People, teams and departments: the org platform's public API.

/**
 * People, teams and departments are the read model every module joins for names and
 * places (who found a bug, which department a kudos crossed). Read them; change them only
 * through the services below. (First, so they are ready for modules that import org
 * while org is still loading.)
 */
export { department, person, team } from './schema';
export * from './people';
export * from './teams';
export * from './seed';
