import { error } from '@sveltejs/kit';
import { routeId } from '$lib/ids';
import { requirePerson } from '$lib/server/auth';
import { calendar, personByFeedToken, seriesWithDemos } from '$lib/server/demos';
import { calendarResponse, demoEvent } from '../../../calendar.server';
import type { RequestHandler } from './$types';

/**
 * The series' calendar. A calendar app has no session: it brings the person's secret
 * feed token in the address (`?token=`), which is checked instead of the cookie.
 */
export const GET: RequestHandler = async (event) => {
	const token = event.url.searchParams.get('token');
	if (token !== null) {
		if (!(await personByFeedToken(token))) {
			error(403, 'This calendar address no longer works: make a new one on the series page.');
		}
	} else {
		requirePerson(event);
	}
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
