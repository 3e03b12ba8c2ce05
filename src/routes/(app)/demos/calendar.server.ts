// The demos' calendar files: a demo as an iCalendar event, and the answer that carries
// a calendar (text/calendar, downloaded under the demo's or series' name).
import type { CalendarEvent } from '$lib/server/demos';
import { publicOrigin } from '$lib/server/notifications';

export function demoEvent(
	demo: {
		id: number;
		title: string;
		feature: string;
		description: string;
		startsAt: Date;
		lengthMinutes: number;
		meetingUrl: string | null;
		createdAt: Date;
	},
	origin = publicOrigin()
): CalendarEvent {
	const url = `${origin}/demos/${demo.id}`;
	return {
		uid: `demo-${demo.id}@${new URL(origin).host}`,
		start: demo.startsAt,
		end: new Date(demo.startsAt.getTime() + demo.lengthMinutes * 60_000),
		summary: `Demo: ${demo.title}`,
		description: [demo.feature, demo.description, `Watch and comment: ${url}/live`]
			.filter(Boolean)
			.join('\n\n'),
		url,
		location: demo.meetingUrl,
		stamp: new Date()
	};
}

export function calendarResponse(text: string, filename: string): Response {
	const safe = filename.replace(/[^\w.-]+/g, '-').slice(0, 80) || 'demo';
	return new Response(text, {
		headers: {
			'content-type': 'text/calendar; charset=utf-8',
			'content-disposition': `attachment; filename="${safe}.ics"`,
			'cache-control': 'private, no-cache'
		}
	});
}
