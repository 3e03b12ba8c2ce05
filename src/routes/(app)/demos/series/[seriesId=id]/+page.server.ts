import { error } from '@sveltejs/kit';
import { z } from 'zod';
import type { ButtonAnswer } from '$lib/forms';
import { routeId } from '$lib/ids';
import { requirePerson } from '$lib/server/auth';
import {
	feedTokenMadeAt,
	renewFeedToken,
	revokeFeedToken,
	seriesWithDemos
} from '$lib/server/demos';
import { buttonAction } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const person = requirePerson(event);
	const found = await seriesWithDemos(routeId(event.params.seriesId));
	if (!found) error(404, 'No such series.');
	return {
		series: found.series,
		demos: found.demos.map((d) => ({
			id: d.id,
			title: d.title,
			feature: d.feature,
			startsAt: d.startsAt,
			state: d.state
		})),
		feedMadeAt: await feedTokenMadeAt(person.id)
	};
};

export const actions: Actions = {
	/** A new secret calendar address (the old one stops working); shown once. */
	renewFeed: async (event) => {
		const person = requirePerson(event);
		const seriesId = routeId(event.params.seriesId);
		const token = await renewFeedToken(person.id);
		const button: ButtonAnswer = {
			action: 'renewFeed',
			id: null,
			message: {
				type: 'success',
				text: 'Your calendar address is ready: copy it into your calendar app now.'
			}
		};
		return {
			button,
			feedUrl: `${event.url.origin}/demos/series/${seriesId}/calendar.ics?token=${token}`
		};
	},
	revokeFeed: async (event) => {
		const person = requirePerson(event);
		return buttonAction(event, { action: 'revokeFeed', schema: z.object({}) }, async () => {
			await revokeFeedToken(person.id);
			return 'Your calendar address no longer works. Calendars using it stop updating.';
		});
	}
};
