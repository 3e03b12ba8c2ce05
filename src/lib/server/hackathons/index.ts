// The hackathons module's public API: the only file routes and other modules import.
import type { TandemModule } from '../module';
import { hackathonRooms } from './events';
import { hackathonJobs } from './phases';
import { PAYOUT_JOB, payoutJob } from './results';
import { seedDemoHackathons } from './seed';

export * from './events';
export * from './service';
export * from './teams';
export * from './invitations';
export * from './ideas';
export * from './queries';
export * from './submissions';
export * from './judging';
export * from './judging-queries';
export * from './team-thread';
export * from './pairwise';
export * from './peoples-choice';
export * from './results';
export { TIE_BREAK } from './ranking';
export { phaseJobKey, PHASE_JOB } from './phases';
export { hackathonParticipantsBetween } from './insights';

export const hackathons: TandemModule = {
	id: 'hackathons',
	nav: { href: '/hackathons', label: 'Hackathons' },
	rooms: hackathonRooms,
	jobs: { ...hackathonJobs, [PAYOUT_JOB]: payoutJob },
	seed: seedDemoHackathons
};
