// The integrations module's public API: the only file routes and other modules import.
// Signed webhooks from Zendesk, Freshdesk, Jira and Asana keep the facts of tickets and
// issues linked to escalations, which SLO conditions read (provided to the SLO module at
// register, since this module re-evaluates clocks through it).
import type { TandemModule } from '../module';
import { provideLinkedFacts } from '../slo';
import { integrationRooms } from './events';
import { linkedFactsOfMany } from './queries';
import { seedDemoIntegrations } from './seed';

export * from './events';
export * from './service';
export * from './queries';
export * from './figures';
export { receiveWebhook, MAX_BODY_BYTES, type WebhookAnswer } from './receive';
export { REPLAY_WINDOW_MS } from './verify';

export const integrations: TandemModule = {
	id: 'integrations',
	admin: { href: '/admin/integrations', label: 'Integrations' },
	rooms: integrationRooms,
	seed: seedDemoIntegrations,
	register: () => provideLinkedFacts(linkedFactsOfMany)
};
