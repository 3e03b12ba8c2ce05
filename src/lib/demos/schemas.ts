// What the browser may know about demos: the forms' zod schemas (the service checks the
// same schemas again), the limits, and the shapes the pages show.
import { z } from 'zod';

export const DEMO_STATES = ['scheduled', 'live', 'ended'] as const;
export type DemoState = (typeof DEMO_STATES)[number];

/** How often a series repeats, as the form offers it. */
export const SERIES_CADENCES = [
	{ weeks: 1, label: 'Every week' },
	{ weeks: 2, label: 'Every other week' },
	{ weeks: 4, label: 'Every four weeks' }
] as const;

/** The longest comment or question in the log. */
export const COMMENT_MAX = 1000;
/** Reactions at a moment count per slice of the session this long. */
export const MOMENT_MS = 10_000;

const trimmed = (what: string, max: number) =>
	z.string().trim().min(1, `Enter ${what}.`).max(max, `Keep ${what} under ${max} characters.`);

/** http(s) only: a meeting link never runs script or opens a local file. */
export const meetingUrlField = z.union([
	z.literal(''),
	z
		.string()
		.trim()
		.max(2000, 'That link is too long.')
		.pipe(
			z.url({
				protocol: /^https?$/,
				error: 'Enter the meeting link starting with https:// (Zoom, Meet, Teams…).'
			})
		)
]);

/** The schedule form as posted: times are the workspace's wall-clock time. */
export const demoFormSchema = z
	.object({
		title: trimmed('a title', 200),
		feature: trimmed('the feature or release', 200),
		/** People picked from the directory. */
		presenterIds: z
			.array(z.number().int().positive())
			.max(10, 'At most ten presenters.')
			.default([]),
		/** People typed by name or email (the field without JavaScript). */
		presenters: z.string().trim().max(1000, 'Keep the names under 1,000 characters.'),
		description: z.string().trim().max(5000, 'Keep the description under 5,000 characters.'),
		startsAt: z.string().trim().min(1, 'Choose when it starts.'),
		lengthMinutes: z
			.number('Enter the expected length in minutes.')
			.int('Whole minutes, please.')
			.min(5, 'A demo lasts at least 5 minutes.')
			.max(480, 'A demo lasts at most 8 hours.'),
		meetingUrl: meetingUrlField,
		series: z.string().trim().max(200, 'Keep the series name under 200 characters.'),
		everyWeeks: z.number().int().min(1).max(8)
	})
	.refine((d) => d.presenterIds.length > 0 || d.presenters !== '', {
		message: 'Name at least one presenter.',
		path: ['presenters']
	});
export type DemoForm = z.infer<typeof demoFormSchema>;

/** A demo as the service takes it (times resolved, presenters as ids). */
export const demoSchema = z.object({
	title: trimmed('a title', 200),
	feature: trimmed('the feature or release', 200),
	presenterIds: z
		.array(z.number().int().positive())
		.min(1, 'Name at least one presenter.')
		.max(10, 'At most ten presenters.'),
	description: z.string().trim().max(5000),
	startsAt: z.date('Choose when it starts.'),
	lengthMinutes: z.number().int().min(5).max(480),
	meetingUrl: meetingUrlField,
	series: z.string().trim().max(200),
	everyWeeks: z.number().int().min(1).max(8)
});
export type DemoInput = z.infer<typeof demoSchema>;

/** A comment or question in the log, from a form or a socket command. */
export const commentSchema = z.object({
	body: trimmed('a comment', COMMENT_MAX),
	kind: z.enum(['comment', 'question'], 'A comment or a question.').default('comment'),
	/** Replay only: the playhead, in whole seconds, the later comment is stamped at. */
	at: z.number().int().min(0).max(86_400).optional()
});
export type CommentInput = z.infer<typeof commentSchema>;

export const chapterSchema = z.object({
	title: trimmed('a chapter title', 200),
	at: z.number('Enter the time in seconds.').int().min(0).max(86_400)
});

export const searchSchema = z.string().trim().max(200);

/** One line of the log, as pages and frames carry it. */
export interface LogComment {
	id: number;
	authorId: number;
	authorName: string;
	kind: 'comment' | 'question';
	body: string;
	offsetMs: number;
	live: boolean;
	votes: number;
	answered: boolean;
	pinned: boolean;
	helpful: boolean;
	escalationId: number | null;
	/** The feature request it became, if any. */
	featureRequestId: number | null;
	/** The bug it was filed as in a bash, if any. */
	bug: { bashId: number; bugId: number } | null;
	at: string;
}

/** "1:05:09" or "4:07": an offset into the session. */
export function formatOffset(ms: number): string {
	const total = Math.max(0, Math.floor(ms / 1000));
	const h = Math.floor(total / 3600);
	const m = Math.floor((total % 3600) / 60);
	const s = String(total % 60).padStart(2, '0');
	return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
