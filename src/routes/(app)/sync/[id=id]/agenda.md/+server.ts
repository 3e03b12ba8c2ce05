import { error } from '@sveltejs/kit';
import { routeId } from '$lib/ids';
import { requirePerson } from '$lib/server/auth';
import { agendaDetail, agendaMarkdown } from '$lib/server/sync';
import type { RequestHandler } from './$types';

/** The published agenda as a Markdown download (a draft is not exported: it still changes). */
export const GET: RequestHandler = async (event) => {
	const person = requirePerson(event);
	const agenda = await agendaDetail(routeId(event.params.id), person.id);
	if (!agenda) error(404, 'No such agenda.');
	if (agenda.status !== 'published' || !agenda.publishedAt) {
		error(409, 'Publish the agenda first: a draft is not exported.');
	}
	const body = agendaMarkdown(agenda.month, {
		figures: agenda.figures,
		notes: agenda.notes,
		attendees: agenda.attendees,
		actionItems: agenda.actionItems,
		previousItems: agenda.previousItems,
		meetingAt: agenda.meetingAt,
		publishedAt: agenda.publishedAt,
		publishedByName: agenda.publishedByName
	});
	return new Response(body, {
		headers: {
			'content-type': 'text/markdown; charset=utf-8',
			'content-disposition': `attachment; filename="monthly-sync-${agenda.month}.md"`
		}
	});
};
