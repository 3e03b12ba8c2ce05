// Why a browser's session stopped signing it in, and what the sign-in page says about it.
// The reason travels in the sign-in address (`/login?ended=expired`): it reveals nothing
// about any account, since only the person whose cookie it was is sent there.

export const SESSION_ENDS = ['signed_out', 'expired', 'deactivated'] as const;
export type SessionEnd = (typeof SESSION_ENDS)[number];

export const SESSION_END_MESSAGES: Record<SessionEnd, string> = {
	signed_out:
		'You were signed out: this session was ended elsewhere (signed out everywhere, a password change, or an admin). Sign in again to continue.',
	expired: 'You were signed out after a while without activity. Sign in again to continue.',
	deactivated:
		'Your account has been deactivated, so you were signed out. Ask an admin of your workspace if you need it back.'
};

/** The message for a `?ended=` value, or null for anything else. */
export function sessionEndMessage(value: string | null): string | null {
	return SESSION_ENDS.includes(value as SessionEnd)
		? SESSION_END_MESSAGES[value as SessionEnd]
		: null;
}
