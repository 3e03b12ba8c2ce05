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
