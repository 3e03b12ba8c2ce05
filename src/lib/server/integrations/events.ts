// The integrations room: the admin page follows it to show deliveries as they arrive.
import type { DeliveryOutcome } from '$lib/integrations/schemas';
import type { RoomPolicy } from '../realtime';

export const INTEGRATIONS_ROOM = 'integrations';

/** Every integrations event by name, with its payload. */
export interface IntegrationEvents {
	/** A delivery arrived and was logged (accepted, refused or a duplicate). */
	'integration.delivery': { integrationId: number; outcome: DeliveryOutcome };
	/** An integration was created, changed (secret, enabled) or deleted. */
	'integration.changed': { integrationId: number };
}

export interface IntegrationRooms {
	[INTEGRATIONS_ROOM]: IntegrationEvents;
}

/** Only admins see integrations and their delivery log. */
export const integrationRooms: Record<string, RoomPolicy> = {
	[INTEGRATIONS_ROOM]: { canJoin: (person, id) => id === null && person.role === 'admin' }
};
