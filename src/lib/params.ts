import { parseId } from './ids';

/**
 * A value from the query string when it is one of `allowed`, else undefined: an address
 * someone edited by hand shows the default view rather than an error.
 */
export function oneOf<T extends string>(
	value: string | null,
	allowed: readonly T[]
): T | undefined {
	return allowed.includes(value as T) ? (value as T) : undefined;
}

/**
 * The page a list is asked for (`?page=`), as a limit and offset. Past the last page shows
 * an empty list; a silly page number (text, 0, huge) is page 1 or the cap, never an error.
 */
export function pageOf(searchParams: URLSearchParams, size: number) {
	const page = Math.min(parseId(searchParams.get('page')) ?? 1, 10_000);
	return { page, limit: size, offset: (page - 1) * size };
}

/** How many pages `total` rows fill (at least one, so "Page 1 of 1" reads right). */
export function pagesFor(total: number, size: number): number {
	return Math.max(1, Math.ceil(total / size));
}

/**
 * The address of a list with these filters: empty values and defaults are left out, so the
 * plain list keeps its plain address and a shared link reads short.
 */
export function listHref(
	path: string,
	params: Record<string, string | undefined>,
	defaults: Record<string, string> = {}
): string {
	const query = Object.entries(params)
		.filter(([key, value]) => value && defaults[key] !== value)
		.map(([key, value]) => `${key}=${encodeURIComponent(value as string)}`)
		.join('&');
	return query ? `${path}?${query}` : path;
}
