import { error } from '@sveltejs/kit';
import { routeId } from '$lib/ids';
import { requirePerson } from '$lib/server/auth';
import { calendar, demoDetail } from '$lib/server/demos';
import { calendarResponse, demoEvent } from '../../calendar.server';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	requirePerson(event);
	const demo = await demoDetail(routeId(event.params.id));
	if (!demo) error(404, 'No such demo.');
	return calendarResponse(calendar(demo.title, [demoEvent(demo)]), demo.title);
};
