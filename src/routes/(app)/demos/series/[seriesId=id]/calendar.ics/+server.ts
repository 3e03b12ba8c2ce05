import { error } from '@sveltejs/kit';
import { routeId } from '$lib/ids';
import { requirePerson } from '$lib/server/auth';
import { calendar, seriesWithDemos } from '$lib/server/demos';
import { calendarResponse, demoEvent } from '../../../calendar.server';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	requirePerson(event);
	const found = await seriesWithDemos(routeId(event.params.seriesId));
	if (!found) error(404, 'No such series.');
	const { series, demos } = found;
	return calendarResponse(
		calendar(
			series.title,
			demos.map((d) => demoEvent(d))
		),
		series.title
	);
};
