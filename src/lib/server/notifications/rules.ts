// Pure decisions about notifications: where each one goes, and what an email says.
import { kindLabel, type Channel } from '$lib/notifications/kinds';

/** A stored notification and what its recipient chose for its kind. */
export interface Delivery {
	notificationId: number;
	personId: number;
	email: string;
	/** Deactivated people keep their inbox but get no more email. */
	active: boolean;
	channel: Channel;
	kind: string;
	text: string;
	href: string | null;
}

/** One email for the outbox: `key` makes sending it twice impossible. */
export interface NotificationEmail {
	key: string;
	to: string;
	subject: string;
	text: string;
}

/** Whether a notification of this channel is stored in the inbox at all. */
export function isStored(channel: Channel): boolean {
	return channel !== 'off';
}

const SUBJECT_LENGTH = 120;

/**
 * The emails to send for notifications just stored: one per delivery whose recipient chose
 * Email for its kind and can still sign in. `origin` turns the in-app link into a full URL.
 */
export function wantsEmail(deliveries: readonly Delivery[], origin: string): NotificationEmail[] {
	return deliveries
		.filter((d) => d.channel === 'email' && d.active)
		.map((d) => ({
			key: `notification:${d.notificationId}`,
			to: d.email,
			subject: subjectOf(d.text),
			text: [
				d.text,
				d.href ? `Open it in Tandem: ${new URL(d.href, origin)}` : '',
				`You get this email because you chose Email for “${kindLabel(d.kind)}”. ` +
					`Change it at ${new URL('/notifications#preferences', origin)}`
			]
				.filter(Boolean)
				.join('\n\n')
		}));
}

/** One line, short enough for a mail client's list. */
function subjectOf(text: string): string {
	const line = text.replace(/\s+/g, ' ').trim();
	return line.length <= SUBJECT_LENGTH ? line : `${line.slice(0, SUBJECT_LENGTH - 1)}…`;
}

/** The public address links in emails start with (set by `npm start`; ORIGIN in production). */
export function publicOrigin(env: NodeJS.ProcessEnv = process.env): string {
	const first = env.ORIGIN?.split(',')[0]?.trim();
	return first || `http://localhost:${env.PORT || 3000}`;
}
