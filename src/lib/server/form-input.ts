// What a posted form may be before anything parses it. Every action reads its body here
// (through validateForm or buttonAction in ./forms), so a hostile body is refused in one
// place with a 400 and a plain sentence, and nothing behind it ever sees it.
import { error } from '@sveltejs/kit';

/** The most a superforms JSON payload may weigh (the kudos form sends about 1 KiB). */
export const MAX_JSON_BYTES = 64 * 1024;
/** How deep its objects may nest: a form is an object of fields, a list at most inside. */
export const MAX_JSON_DEPTH = 6;
/** How many values it may hold once shared references are counted each time they are used. */
export const MAX_JSON_VALUES = 5_000;

/** The field superforms posts a JSON form's data in. */
export const JSON_FIELD = '__superform_json';

export const NOT_A_FORM = 'This address takes a form: send it as form fields.';
export const NUL_REFUSED = 'Text cannot contain the NUL character (\\0). Remove it and try again.';
export const JSON_REFUSED = 'This form was sent in a shape it does not take.';

/** What a form may carry besides plain fields. */
export interface FormShape {
	/** The form posts its data as superforms JSON (`dataType: 'json'`). */
	json?: boolean;
	/** The fields the form has; a JSON payload naming others is refused. */
	fields?: readonly string[] | null;
}

/** Whether `text` holds a NUL: PostgreSQL refuses it in text, as a server error. */
export function hasNul(text: string): boolean {
	return text.includes('\0');
}

/**
 * Whether any text in a decoded payload (a socket command's, say) holds a NUL, object
 * keys included. Looks at most `budget` values: a payload larger than that is refused
 * by its own schema long before it could be stored.
 */
export function holdsNul(value: unknown, budget = 10_000): boolean {
	const pending: unknown[] = [value];
	for (let seen = 0; pending.length > 0 && seen < budget; seen++) {
		const next = pending.pop();
		if (typeof next === 'string') {
			if (hasNul(next)) return true;
		} else if (Array.isArray(next)) {
			pending.push(...next);
		} else if (next && typeof next === 'object') {
			for (const [key, inner] of Object.entries(next)) pending.push(key, inner);
		}
	}
	return false;
}

/**
 * The request's form fields, or a 400: a body that is not a form (JSON, garbage), a
 * field with a NUL character, or a superforms JSON payload the form does not take.
 */
export async function readForm(request: Request, shape: FormShape = {}): Promise<FormData> {
	const type = request.headers.get('content-type') ?? '';
	if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type))
		error(400, NOT_A_FORM);
	let data: FormData;
	try {
		data = await request.formData();
	} catch {
		error(400, NOT_A_FORM);
	}
	for (const [name, value] of data) {
		if (hasNul(name) || (typeof value === 'string' && hasNul(value))) error(400, NUL_REFUSED);
	}
	if (data.has(JSON_FIELD)) {
		if (!shape.json) error(400, JSON_REFUSED);
		const text = data
			.getAll(JSON_FIELD)
			.map((part) => (typeof part === 'string' ? part : ''))
			.join('');
		const refusal = refuseJsonPayload(text, shape.fields ?? null);
		if (refusal) error(400, refusal);
	}
	return data;
}

/**
 * Why a superforms JSON payload (devalue's format: a flat array of values whose objects
 * and arrays refer to others by index) is refused, or null when it is an acceptable form.
 * superforms rebuilds the whole graph, shared references included, so a few hundred
 * bytes of arrays that each use the next one twice is exponential work: the graph is
 * measured here as it would be rebuilt, without rebuilding it.
 */
export function refuseJsonPayload(text: string, fields: readonly string[] | null): string | null {
	if (new TextEncoder().encode(text).length > MAX_JSON_BYTES) return JSON_REFUSED;
	let values: unknown;
	try {
		values = JSON.parse(text);
	} catch {
		return JSON_REFUSED;
	}
	if (!Array.isArray(values) || values.length === 0) return JSON_REFUSED;
	const root = values[0];
	if (!isPlainObject(root)) return JSON_REFUSED;
	if (fields && Object.keys(root).some((key) => !fields.includes(key))) return JSON_REFUSED;
	try {
		measure(values, 0, new Map(), new Set(), 1);
	} catch (err) {
		if (err instanceof Refused) return err.message;
		throw err;
	}
	return null;
}

class Refused extends Error {}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface Measure {
	/** How many values the entry stands for once rebuilt. */
	size: number;
	/** How deep it nests below itself (1 for a plain value). */
	height: number;
}

/**
 * What entry `index` stands for once rebuilt, memoised per entry so measuring is linear
 * in the payload. Refuses past the depth or size limits, on a cycle, a NUL, or a type a
 * form never sends (Map, Set, BigInt, RegExp…).
 */
function measure(
	values: unknown[],
	index: unknown,
	known: Map<number, Measure>,
	open: Set<number>,
	depth: number
): Measure {
	// Negative indexes are devalue's constants (undefined, NaN, holes): leaves.
	if (typeof index !== 'number' || !Number.isInteger(index) || index >= values.length)
		throw new Refused(JSON_REFUSED);
	if (index < 0) return { size: 1, height: 1 };
	if (open.has(index)) throw new Refused(JSON_REFUSED);
	let found = known.get(index);
	if (!found) {
		found = measureEntry(values, index, known, open, depth);
		known.set(index, found);
	}
	// A shared entry met again deeper down nests that much deeper there.
	if (depth + found.height - 1 > MAX_JSON_DEPTH) throw new Refused(JSON_REFUSED);
	return found;
}

function measureEntry(
	values: unknown[],
	index: number,
	known: Map<number, Measure>,
	open: Set<number>,
	depth: number
): Measure {
	const entry = values[index];
	if (typeof entry === 'string' && hasNul(entry)) throw new Refused(NUL_REFUSED);
	let refs: unknown[] = [];
	if (Array.isArray(entry)) refs = entry;
	else if (isPlainObject(entry)) {
		if (Object.keys(entry).some(hasNul)) throw new Refused(NUL_REFUSED);
		refs = Object.values(entry);
	}
	// ["Date", "2026-…"] is a date; any other named type is nothing a form sends.
	if (typeof refs[0] === 'string') {
		if (refs[0] === 'Date' && refs.length === 2 && typeof refs[1] === 'string')
			return { size: 1, height: 1 };
		throw new Refused(JSON_REFUSED);
	}
	if (depth > MAX_JSON_DEPTH) throw new Refused(JSON_REFUSED);
	open.add(index);
	const total = { size: 1, height: 1 };
	for (const ref of refs) {
		const child = measure(values, ref, known, open, depth + 1);
		total.size += child.size;
		total.height = Math.max(total.height, child.height + 1);
		if (total.size > MAX_JSON_VALUES) throw new Refused(JSON_REFUSED);
	}
	open.delete(index);
	return total;
}
