import type { z } from 'zod';

/**
 * A refusal meant for the person using Tandem, safe to show as is. `field` names the
 * form field it belongs next to; without it the message is shown for the whole form.
 */
export class ServiceError extends Error {
	constructor(
		message: string,
		readonly field?: string,
		/** How a socket acknowledgement types it: a refusal, or too much too fast. */
		readonly code: 'refused' | 'rate_limited' = 'refused'
	) {
		super(message);
		this.name = 'ServiceError';
	}
}

/**
 * `value` checked against the form's schema again: the service is the authority for every
 * caller, not only the form. The first problem is refused next to its field (or `field`).
 */
export function parseOrRefuse<T>(schema: z.ZodType<T>, value: unknown, field?: string): T {
	const parsed = schema.safeParse(value);
	if (parsed.success) return parsed.data;
	const issue = parsed.error.issues[0];
	throw new ServiceError(
		issue.message,
		field ?? (issue.path.length ? String(issue.path[0]) : undefined)
	);
}
