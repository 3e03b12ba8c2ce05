// The rewards module's public API: spending points earned anywhere on the catalogue.
import type { TandemModule } from '../module';
import { rewardsRooms } from './events';
import { seedDemoRewards } from './seed';

export * from './events';
export * from './service';
export * from './queries';

export const rewards: TandemModule = {
	id: 'rewards',
	nav: { href: '/rewards', label: 'Rewards' },
	admin: { href: '/admin/rewards', label: 'Rewards' },
	rooms: rewardsRooms,
	seed: seedDemoRewards
};
