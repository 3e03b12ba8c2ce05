// The monthly sync as the browser sees it: the agenda's sections, what each holds once
// generated, and the forms' schemas (the service parses with the same ones).
import { z } from 'zod';
import { idField } from '$lib/ids';

/** The agenda's sections, in the order the meeting goes through them. */
export const SECTIONS = [
	'headline',
	'volume',
	'escalations',
	'slo',
	'priority',
	'requests',
	'launches',
	'news',
	'actions'
] as const;
export type Section = (typeof SECTIONS)[number];
export const SECTION_LABELS: Record<Section, string> = {
	headline: 'Headline figures',
	volume: 'Volume drivers',
	escalations: 'Escalations',
	slo: 'SLO status',
	priority: 'High-priority bugs and escalations',
	requests: 'Top feature requests',
	launches: 'Launches',
	news: 'News from the teams',
	actions: 'Last month’s action items'
};

/** How long an escalation may stay open before the agenda calls it "open too long". */
export const OPEN_TOO_LONG_DAYS = 14;

export interface Figure {
	label: string;
	value: number;
	previous: number;
}

/** Everything a generated agenda shows, as JSON (dates as ISO strings). */
export interface AgendaFigures {
	/** The month reviewed (`YYYY-MM`) and the one it is compared with. */
	reviewed: string;
	compared: string;
	timeZone: string;
	headline: Figure[];
	volume: { kind: 'tag' | 'type'; label: string; count: number; previous: number }[];
	escalations: {
		opened: number;
		openedBefore: number;
		closed: number;
		closedBefore: number;
		openTooLong: number;
		oldest: {
			id: number;
			title: string;
			severity: string;
			customerName: string | null;
			openedAt: string;
		}[];
	};
	slo: {
		policyId: number;
		name: string;
		enabled: boolean;
		met: number;
		breaches: number;
		breachesBefore: number;
		breachedOpen: number;
	}[];
	priority: {
		escalations: {
			id: number;
			title: string;
			severity: string;
			status: string;
			customerName: string | null;
			arr: number | null;
			openedAt: string;
		}[];
		bugs: {
			id: number;
			bashId: number;
			bashTitle: string;
			title: string;
			severity: string;
			status: string;
		}[];
	};
	requests: {
		id: number;
		title: string;
		area: string;
		status: string;
		reportCount: number;
		customerCount: number;
		arr: number;
		renewingArr: number;
	}[];
	launches: {
		kind: 'bash' | 'demo';
		id: number;
		title: string;
		feature: string;
		startsAt: string;
		when: 'past' | 'next';
		bugs: number | null;
	}[];
	news: {
		teamId: number | null;
		teamName: string;
		joined: string[];
		moved: string[];
		kudosReceived: number;
		highlights: { giverName: string; recipientName: string; message: string; plusOnes: number }[];
	}[];
}

export interface ActionItemView {
	id: number;
	title: string;
	ownerId: number;
	ownerName: string;
	dueOn: string;
	doneAt: string | null;
}

export interface AttendeeView {
	personId: number;
	name: string;
	reason: string;
}

/** What a published agenda froze: the figures, notes, attendees and action items as they were. */
export interface AgendaSnapshot {
	figures: AgendaFigures;
	notes: Partial<Record<Section, string>>;
	attendees: AttendeeView[];
	actionItems: ActionItemView[];
	previousItems: ActionItemView[];
	meetingAt: string;
	publishedAt: string;
	publishedByName: string | null;
}

const MAX_NOTE = 8_000;

export const noteSchema = z.object({
	section: z.enum(SECTIONS, 'Choose a section.'),
	body: z
		.string()
		.trim()
		.max(MAX_NOTE, `Keep a note under ${MAX_NOTE.toLocaleString('en')} characters.`)
});

export const actionItemSchema = z.object({
	title: z
		.string()
		.trim()
		.min(1, 'Say what needs doing.')
		.max(300, 'Keep it under 300 characters.'),
	ownerId: idField('Choose who owns it.'),
	dueOn: z.iso.date('Give a due date.')
});

export const meetingSchema = z.object({
	meetingAt: z
		.string()
		.trim()
		.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'Give the meeting’s date and time.')
});

export const attendeeSchema = z.object({
	personId: idField('Choose a person.')
});

export const publishSchema = z.object({
	chatChannel: z.enum(['', 'slack', 'teams'], 'Choose Slack, Teams or no chat.').default(''),
	chatWebhookUrl: z
		.string()
		.trim()
		.max(500, 'That address is too long.')
		.refine((v) => v === '' || /^https:\/\/\S+$/.test(v), 'Give the webhook’s https:// address.')
		.default('')
});

/** "2026-11" → "November 2026". */
export function monthLabel(month: string): string {
	const [y, m] = month.split('-').map(Number);
	return new Date(Date.UTC(y, m - 1, 1)).toLocaleDateString('en-GB', {
		month: 'long',
		year: 'numeric',
		timeZone: 'UTC'
	});
}

/** "+3", "−2" or "±0": how a figure moved since the month before. */
export function change(value: number, previous: number): string {
	const d = value - previous;
	return d > 0 ? `+${d}` : d < 0 ? `−${-d}` : '±0';
}
