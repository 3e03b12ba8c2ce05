// The customers room: the customer list and pages follow it.
import type { RoomPolicy } from '../realtime';

export const CUSTOMERS_ROOM = 'customers';

/** Every customer event by name, with its payload. */
export interface CustomerEvents {
	'customer.saved': { customerId: number; name: string };
	'customers.imported': { created: number; updated: number };
}

export interface CustomerRooms {
	[CUSTOMERS_ROOM]: CustomerEvents;
}

/** Anyone signed in may follow the customer list. */
export const customerRooms: Record<string, RoomPolicy> = {
	[CUSTOMERS_ROOM]: { canJoin: (_person, id) => id === null }
};
