// Human words for every validation message a schema does not word itself. Zod's own
// ("Too small: expected number to be >0") reads like a stack trace to the person at the
// form; this error map is installed once, for the browser and the server alike, by
// importing this module (every `schemas.ts` does). A schema's own message always wins.
import { z } from 'zod';

type Issue = Parameters<NonNullable<NonNullable<Parameters<typeof z.config>[0]>['customError']>>[0];

function sizeWords(issue: Issue & { origin?: string }, limit: unknown, least: boolean): string {
	const n = Number(limit);
	switch (issue.origin) {
		case 'string':
			if (least && n <= 1) return 'Fill in this field.';
			return least ? `Use at least ${n} characters.` : `Use at most ${n} characters.`;
		case 'array':
		case 'set':
			if (least && n <= 1) return 'Choose at least one.';
			return least ? `Choose at least ${n}.` : `Choose at most ${n}.`;
		case 'file':
			return least ? 'The file is empty.' : 'The file is too large.';
		default:
			if (least && n === 0) return 'Enter a number greater than 0.';
			return least ? `Enter ${n} or more.` : `Enter ${n} or less.`;
	}
}

/** The plain sentence for a zod issue no schema worded, or undefined to keep the schema's. */
export function humanMessage(issue: Issue): string | undefined {
	switch (issue.code) {
		case 'invalid_type':
			if (issue.input === undefined || issue.input === null || issue.input === '')
				return 'Fill in this field.';
			if (issue.expected === 'number' || issue.expected === 'int') return 'Enter a number.';
			if (issue.expected === 'date') return 'Enter a date.';
			return 'This value is not in the right form.';
		case 'too_small':
			return sizeWords(issue, issue.minimum, true);
		case 'too_big':
			return sizeWords(issue, issue.maximum, false);
		case 'invalid_value':
		case 'invalid_union':
			return 'Choose one of the options.';
		case 'invalid_format':
			if (issue.format === 'email') return 'Enter an email address, like name@example.com.';
			if (issue.format === 'url') return 'Enter a full link, starting with https://.';
			return 'This value is not in the right form.';
		case 'not_multiple_of':
			return 'Enter a whole number.';
		case 'unrecognized_keys':
			return 'This form has fields it does not take.';
		default:
			return 'This value is not valid.';
	}
}

z.config({ customError: humanMessage });

/** Zod's own wording, which no person should see (used by the schema walk test). */
export const RAW_ZOD_MESSAGE =
	/expected (?:one of|number|string|array|object|boolean|date|int|bigint|nan|to |an? )|received|Too small|Too big|Invalid input|Invalid option|Invalid string|Invalid type|Invalid value|Unrecognized key|>=|<=|[<>]\d/;
