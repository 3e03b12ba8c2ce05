// Feature request rooms: the ranked list (`requests`) and one per request (`request:<id>`).
import { eq } from 'drizzle-orm';
import type { RequestStatus } from '$lib/requests/schemas';
import { parseId } from '$lib/ids';
import { useDb } from '../db/client';
import type { RoomPolicy } from '../realtime';
import { featureRequest } from './schema';

export const REQUESTS_ROOM = 'requests';
export type RequestRoom = `request:${number}`;

export function requestRoom(requestId: number): RequestRoom {
	return `request:${requestId}`;
}

export function requestHref(requestId: number): string {
	return `/requests/${requestId}`;
}

/** The figures a request shows, as they stand after a change. */
export interface RequestFigures {
	requestId: number;
	reportCount: number;
	customerCount: number;
	arr: number;
	atRiskCount: number;
}

/** Every feature request event by name, with its payload. */
export interface RequestEvents {
	'request.created': { requestId: number; title: string };
	'request.reported': RequestFigures & { reportId: number; customerName: string };
	'request.figures': RequestFigures;
	'request.status': { requestId: number; status: RequestStatus };
	'request.edited': { requestId: number; title: string };
	'request.merged': { requestId: number; intoId: number };
}

export interface RequestRooms {
	[REQUESTS_ROOM]: RequestEvents;
	[room: RequestRoom]: RequestEvents;
}

/** Everyone signed in reads feature requests: the list, and any request that exists. */
export const requestRooms: Record<string, RoomPolicy> = {
	[REQUESTS_ROOM]: { canJoin: (_person, id) => id === null },
	request: {
		canJoin: async (_person, id) => {
			const requestId = parseId(id);
			if (!requestId) return false;
			const [row] = await useDb()
				.select({ id: featureRequest.id })
				.from(featureRequest)
				.where(eq(featureRequest.id, requestId));
			return Boolean(row);
		}
	}
};
