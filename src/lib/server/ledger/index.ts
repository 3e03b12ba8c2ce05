// The points ledger's public API: writes (awards, spends, reversals), reads (balances and
// boards), badges, and the totals check. No other module reads or writes ledger tables.
import type { TandemModule } from '../module';
import { ledgerRooms } from './events';

export * from './events';
export * from './service';
export * from './reversals';
export * from './queries';
export * from './verify';
export * from './badges';
export * from './recognition';
export { PERIODS, type Period } from './periods';

export const ledger: TandemModule = {
	id: 'ledger',
	nav: { href: '/leaderboard', label: 'Leaderboard' },
	admin: { href: '/admin/points', label: 'Recognition points' },
	rooms: ledgerRooms
};
