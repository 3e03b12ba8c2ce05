// What the browser may know about notifications: their kinds with human labels, the
// delivery channels, and the shape of an entry in the tray or the inbox page.

/** Every kind of notification Tandem sends, grouped as the preferences form shows them. */
export const NOTIFICATION_GROUPS = [
	{
		label: 'Bug bash',
		kinds: [
			{ kind: 'bug.accepted', label: 'My bug is accepted' },
			{ kind: 'bug.duplicate', label: 'My bug is marked a duplicate' },
			{ kind: 'bug.not_a_bug', label: 'My bug is closed as not a bug' },
			{ kind: 'bug.confirmed', label: 'Someone else hits a bug I reported' },
			{ kind: 'bug.first_find', label: 'My bug becomes the first find of a bash' },
			{ kind: 'bug.paid', label: 'My bugs are paid once a bash’s points are approved' },
			{ kind: 'bug.escalated', label: 'A bug I reported or organise is escalated' },
			{ kind: 'bug.comment', label: 'Comments on bugs I reported or organise' },
			{ kind: 'bugbash.organiser', label: 'I am made an organiser of a bug bash' },
			{ kind: 'bugbash.approval', label: 'My bug bash is approved or declined' }
		]
	},
	{
		label: 'Comments',
		kinds: [{ kind: 'mentioned', label: 'Someone mentions me in a comment' }]
	},
	{
		label: 'Escalations',
		kinds: [
			{ kind: 'escalation.updated', label: 'Status or assignee changes on my escalations' },
			{ kind: 'escalation.comment', label: 'Comments on my escalations' },
			{ kind: 'slo.alert', label: 'An SLO on an escalation is about to breach or breached' }
		]
	},
	{
		label: 'Feature requests',
		kinds: [
			{ kind: 'request.shipped', label: 'A feature request I reported ships' },
			{ kind: 'request.informed', label: 'A request ships and my team is informed (RACI)' }
		]
	},
	{
		label: 'Monthly sync',
		kinds: [{ kind: 'sync.action', label: 'An action item from the monthly sync is mine' }]
	},
	{
		label: 'Kudos and rewards',
		kinds: [
			{ kind: 'kudos.received', label: 'Kudos for me' },
			{ kind: 'kudos.plus_one', label: '+1 on kudos for me' },
			{ kind: 'kudos.hidden', label: 'A kudos I gave or received is hidden' },
			{ kind: 'redemption.decided', label: 'My reward requests are approved or declined' }
		]
	},
	{
		label: 'Hackathons',
		kinds: [
			{ kind: 'hackathon.join_request', label: 'Someone asks to join a team I captain' },
			{ kind: 'hackathon.invitation', label: 'I am invited to a hackathon team' },
			{ kind: 'hackathon.answer', label: 'My join request or invitation is answered' },
			{ kind: 'hackathon.team', label: 'Changes to my hackathon team (captaincy, exceptions)' },
			{ kind: 'hackathon.comment', label: 'Comments on my hackathon team’s page' },
			{ kind: 'hackathon.judging', label: 'I am picked to judge a hackathon' }
		]
	},
	{
		label: 'Demos',
		kinds: [
			{ kind: 'demo.reminder', label: 'A demo is about to start' },
			{ kind: 'demo.question', label: 'My question in a demo is answered' }
		]
	},
	{
		label: 'Points',
		kinds: [{ kind: 'badge.earned', label: 'I earn a badge' }]
	}
] as const;

export type NotificationKind = (typeof NOTIFICATION_GROUPS)[number]['kinds'][number]['kind'];

/** The kinds in the order they are listed. */
export const NOTIFICATION_KINDS: readonly NotificationKind[] = NOTIFICATION_GROUPS.flatMap(
	(group) => group.kinds.map((k) => k.kind)
);

const labels = new Map<string, string>(
	NOTIFICATION_GROUPS.flatMap((group) => group.kinds.map((k) => [k.kind, k.label] as const))
);

/** The human label of a kind (the kind itself for one no longer sent). */
export function kindLabel(kind: string): string {
	return labels.get(kind) ?? kind;
}

export function isNotificationKind(value: unknown): value is NotificationKind {
	return typeof value === 'string' && labels.has(value);
}

/** Where a kind goes: the inbox, the inbox and email, or nowhere. */
export const CHANNELS = ['app', 'email', 'off'] as const;
export type Channel = (typeof CHANNELS)[number];
export const CHANNEL_LABELS: Record<Channel, string> = { app: 'App', email: 'Email', off: 'Off' };
/** What a kind gets when the person has not chosen. */
export const DEFAULT_CHANNEL: Channel = 'app';

/** How many entries the header tray shows. */
export const TRAY_SIZE = 5;

/** One notification as the tray and the inbox page show it. */
export interface NotificationEntry {
	id: number;
	kind: string;
	text: string;
	href: string | null;
	createdAt: string;
	read: boolean;
}

/** The live `notice` event in a person's `user:<id>` room: a stored notification. */
export interface NoticePayload {
	id: number;
	kind: string;
	text: string;
	href: string | null;
	/** The recipient's unread count with this one. */
	unread: number;
}

/** The live `notifications.read` event: another tab (or this one) marked some read. */
export interface ReadPayload {
	/** The ids marked read, or 'all'. */
	ids: number[] | 'all';
	unread: number;
}
