/** The largest value of a PostgreSQL `integer` id column. */
export const MAX_ID = 2_147_483_647;

/**
 * A row id from a URL, a form or a room name: a whole number from 1 to MAX_ID, or null.
 * Anything else would reach SQL as NaN or out of range and fail as a server error.
 */
export function parseId(value: unknown): number | null {
	const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
	if (!/^\d{1,10}$/.test(text.trim())) return null;
	const id = Number(text);
	return id >= 1 && id <= MAX_ID ? id : null;
}
