import { z } from 'zod';
import '$lib/validation';

/** The largest value of a PostgreSQL `integer` id column. */
export const MAX_ID = 2_147_483_647;

/**
 * A row id from a URL, a form or a room name: a whole number from 1 to MAX_ID written
 * plainly (no sign, exponent, spaces or leading zeros), or null. Anything else would reach
 * SQL as NaN or out of range and fail as a server error, or name one row several ways.
 * The route matcher (`[id=id]`) and `idField` are this same rule.
 */
export function parseId(value: unknown): number | null {
	const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
	if (!/^[1-9]\d{0,9}$/.test(text)) return null;
	const id = Number(text);
	return id <= MAX_ID ? id : null;
}

/**
 * The id a matched route parameter names. The `id` matcher let only parseId's ids through,
 * so a null here is a route folder without the matcher: a bug, not a visitor's typo.
 */
export function routeId(param: string): number {
	const id = parseId(param);
	if (id === null)
		throw new Error(`Route parameter "${param}" is not an id: add =id to its folder.`);
	return id;
}

/** A form field naming a row: a whole number from 1 to MAX_ID, refused with `message`. */
export function idField(message: string) {
	return z.number({ error: message }).int(message).min(1, message).max(MAX_ID, message);
}

/** An id as a button or a socket posts it (text or number): parseId's rule, in a zod schema. */
export function postedId(message: string) {
	return z.unknown().transform((value, ctx) => {
		const id = parseId(value);
		if (id === null) {
			ctx.addIssue({ code: 'custom', message });
			return z.NEVER;
		}
		return id;
	});
}
