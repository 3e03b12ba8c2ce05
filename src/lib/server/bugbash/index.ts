// The bug bash module's public API: the only file routes and other modules import.
import type { TandemModule } from '../module';
import { bugbashJobs, startBashClock } from './clock';
import { bugbashCommands } from './commands';
import { bugbashRooms } from './events';
import { seedDemoBugBashes } from './seed';

export * from './events';
export * from './service';
export * from './duplicates';
export * from './queries';
export { bashesIn, bugCountsIn, openHighSeverityBugs } from './periods';
export { bashPageHead, bashPageBody } from './page';
export * from './triage';
export * from './promote';
export * from './approval';
export { editBug, MOST_ATTACHMENTS_PER_BUG } from './edit';
export { exceedsCaps, paidScoring } from './rules';
export { moveBashesOnTime } from './clock';
export { whyNotReopen, REOPEN_WINDOW_HOURS } from './rules';
export { bugsFoundBetween, escalationsFromBugs } from './insights';

export const bugbash: TandemModule = {
	id: 'bugbash',
	nav: { href: '/bugbash', label: 'Bug bash' },
	admin: { href: '/admin/bashes', label: 'Bash approvals' },
	rooms: bugbashRooms,
	commands: bugbashCommands,
	jobs: bugbashJobs,
	seed: seedDemoBugBashes,
	start: () => startBashClock()
};
