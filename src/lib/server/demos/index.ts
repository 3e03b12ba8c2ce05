// The demos module's public API: the only file routes and other modules import.
import type { TandemModule } from '../module';
import { demoCommands } from './commands';
import { demoRooms } from './events';
import { demoMedia } from './recording';
import { demoJobs } from './reminders';
import { seedDemoSessions } from './seed';

export * from './events';
export * from './service';
export * from './log';
export * from './replay';
export { requestFromComment, bugFromComment } from './links';
export { recordRecordingView, recordingWatchers } from './audience';
export { DEMO_RECORDING, recordingOffset } from './recording';
export { saveCaptions, captionCues, captionsFile, captionCount } from './captions';
export { renewFeedToken, revokeFeedToken, feedTokenMadeAt, personByFeedToken } from './feeds';
export * from './queries';
export { demosIn } from './periods';
export { calendar, type CalendarEvent } from './ics';
export { reminderJobKey, REMINDER_JOB } from './reminders';
export { commentLimits, PRESENTING_POINTS, HELPFUL_QUESTION_POINTS } from './rules';
export { demoParticipantsBetween } from './insights';

export const demos: TandemModule = {
	id: 'demos',
	nav: { href: '/demos', label: 'Demos' },
	rooms: demoRooms,
	commands: demoCommands,
	jobs: demoJobs,
	media: demoMedia,
	seed: seedDemoSessions
};
