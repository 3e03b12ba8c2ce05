// The workspace platform's public API: the organisation-wide settings (name, time zone,
// business calendar, sign-up domains, bug bash caps) and their live room.
import type { TandemModule } from '../module';
import { workspaceRooms } from './events';

export * from './queries';
export * from './service';
export * from './events';
export { knownTimeZones, isIanaTimeZone } from './rules';
export { onCalendarChange, type CalendarChangeListener } from './listeners';

/** Registered for its room only: the settings page is the platform's own admin page. */
export const workspacePlatform: TandemModule = {
	id: 'workspace',
	rooms: workspaceRooms
};
