import { describe, expect, it } from 'vitest';
import { publicOrigin, wantsEmail, type Delivery } from '../../src/lib/server/notifications/rules';

function delivery(extra: Partial<Delivery> = {}): Delivery {
	return {
		notificationId: 41,
		personId: 7,
		email: 'priya@example.com',
		active: true,
		channel: 'email',
		kind: 'bug.accepted',
		text: 'Your bug “Pay button does nothing” was accepted (+5 points).',
		href: '/bugbash/3/bugs/12',
		...extra
	};
}

describe('the email decision', () => {
	it('emails only the people who chose Email and can still sign in', () => {
		const emails = wantsEmail(
			[
				delivery(),
				delivery({ notificationId: 42, personId: 8, channel: 'app' }),
				delivery({ notificationId: 43, personId: 9, channel: 'off' }),
				delivery({ notificationId: 44, personId: 10, active: false })
			],
			'https://tandem.example.com'
		);
		expect(emails).toEqual([
			{
				key: 'notification:41',
				to: 'priya@example.com',
				subject: 'Your bug “Pay button does nothing” was accepted (+5 points).',
				text:
					'Your bug “Pay button does nothing” was accepted (+5 points).\n\n' +
					'Open it in Tandem: https://tandem.example.com/bugbash/3/bugs/12\n\n' +
					'You get this email because you chose Email for “My bug is accepted”. ' +
					'Change it at https://tandem.example.com/notifications#preferences'
			}
		]);
	});

	it('keeps the subject to one short line and leaves out a missing link', () => {
		const long = `A kudos was hidden by an admin: ${'spam '.repeat(40)}\nsecond line`;
		const [email] = wantsEmail([delivery({ text: long, href: null })], 'http://localhost:3000');
		expect(email.subject).toHaveLength(120);
		expect(email.subject).not.toContain('\n');
		expect(email.subject.endsWith('…')).toBe(true);
		expect(email.text).not.toContain('Open it in Tandem');
	});

	it('builds links from the first ORIGIN, or localhost and PORT', () => {
		expect(publicOrigin({ ORIGIN: 'https://a.example.com, https://b.example.com' })).toBe(
			'https://a.example.com'
		);
		expect(publicOrigin({ PORT: '4000' })).toBe('http://localhost:4000');
	});
});
