// The route contract for forms: every action reads its body through validateForm (a form
// with fields, parsed by the shared zod schema with superforms) or buttonAction (a form
// without fields: an id and an intent), so hostile bodies are refused in one place
// (./form-input) and every answer carries the same FormMessage.
import { fail, type RequestEvent } from '@sveltejs/kit';
import {
	message,
	setError,
	superValidate,
	type SuperValidated,
	type SuperValidateOptions
} from 'sveltekit-superforms';
import { zod4, type ZodValidationSchema } from 'sveltekit-superforms/adapters';
import type { Infer, InferIn } from 'sveltekit-superforms';
import type { z } from 'zod';
import type { ButtonAnswer, FormMessage } from '$lib/forms';
import { parseId } from '$lib/ids';
import { ServiceError } from './errors';
import { JSON_FIELD, readForm } from './form-input';

export type { FormMessage } from '$lib/forms';
export { readForm } from './form-input';

type Out<S extends ZodValidationSchema> = Infer<S, 'zod4'>;
type In<S extends ZodValidationSchema> = InferIn<S, 'zod4'>;
type Form<S extends ZodValidationSchema> = SuperValidated<Out<S>, FormMessage, In<S>>;

interface FormOptions<S extends ZodValidationSchema> extends SuperValidateOptions<Out<S>> {
	/** The page's form posts superforms JSON (`dataType: 'json'`); others may not. */
	json?: boolean;
	/**
	 * How a JSON form reads when it arrives without JavaScript (plain named fields, before
	 * the page has hydrated or with scripts off): the data to validate instead.
	 */
	plain?: (data: FormData) => Partial<In<S>>;
}

/** The fields a schema's form has, when it is an object schema (for the JSON check). */
function fieldsOf(schema: ZodValidationSchema): string[] | null {
	const shape = (schema as { shape?: unknown }).shape;
	return shape && typeof shape === 'object' ? Object.keys(shape) : null;
}

/**
 * The posted form parsed by `schema`, superforms' way (errors next to fields, a message
 * above). The body is checked first (a form, no NUL, JSON only where the page sends it,
 * and then only of the form's own shape, small and shallow).
 */
export async function validateForm<S extends ZodValidationSchema>(
	event: Pick<RequestEvent, 'request'>,
	schema: S,
	{ json = false, plain, ...options }: FormOptions<S> = {}
): Promise<Form<S>> {
	const data = await readForm(event.request, { json, fields: fieldsOf(schema) });
	const input = plain && !data.has(JSON_FIELD) ? plain(data) : data;
	return superValidate<Out<S>, FormMessage, In<S>>(input, zod4(schema), options);
}

/** The form as a page first shows it: empty, or filled with `data`, without errors. */
export async function emptyForm<S extends ZodValidationSchema>(
	schema: S,
	options: SuperValidateOptions<Out<S>> & { data?: Partial<In<S>> } = {}
): Promise<Form<S>> {
	const { data, ...rest } = options;
	const adapter = zod4(schema);
	if (data) return superValidate(data, adapter, { errors: false, ...rest });
	return superValidate<Out<S>, FormMessage, In<S>>(adapter, rest);
}

/** The form answered with a confirmation above it. */
export function confirm<T extends Record<string, unknown>, I extends Record<string, unknown>>(
	form: SuperValidated<T, FormMessage, I>,
	text: string
) {
	return message(form, { type: 'success', text });
}

/**
 * Turns a service refusal into the form's answer: next to its field when it names one,
 * above the form otherwise. Anything else is a bug and is rethrown (logged, not shown).
 */
export function refuse<T extends Record<string, unknown>, M>(
	form: SuperValidated<T, M>,
	err: unknown
) {
	if (!(err instanceof ServiceError)) throw err;
	if (err.field && err.field in form.data) {
		// eslint-disable-next-line @typescript-eslint/no-explicit-any
		return setError(form, err.field as any, err.message);
	}
	const text: FormMessage = { type: 'error', text: err.message };
	return message(form, text as M, { status: 400 });
}

interface Button<S extends z.ZodType> {
	/** The action's name, echoed so only its button shows the answer. */
	action: string;
	/** What the button posts (a hidden id, an intent): plain form values, coerced here. */
	schema: S;
	/** Which posted field names the row the answer belongs to. */
	row?: keyof z.output<S> & string;
	/**
	 * A costly action (end a bash, deactivate someone): it runs only when the post says
	 * `confirmed=yes`. Otherwise nothing changes and the answer asks for the second step
	 * (`<ConfirmButton>` shows it; with JavaScript its dialog sends `confirmed` at once).
	 */
	confirm?: boolean;
}

/**
 * A form without fields: parses what the button posts, runs `run` (the service call) and
 * answers `{ button: ButtonAnswer }`: its success sentence, or a refusal with a 400.
 * Redirects and unexpected errors pass through.
 */
export async function buttonAction<S extends z.ZodType>(
	event: Pick<RequestEvent, 'request'>,
	{ action, schema, row, confirm }: Button<S>,
	run: (input: z.output<S>) => Promise<string>
) {
	const posted = Object.fromEntries(await readForm(event.request));
	const parsed = schema.safeParse(posted);
	const id = row ? parseId(parsed.success ? parsed.data[row] : posted[row]) : null;
	const answer = (type: FormMessage['type'], text: string, field?: unknown) => ({
		button: {
			action,
			id,
			message: { type, text },
			field: field === undefined ? null : String(field)
		} satisfies ButtonAnswer
	});
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		return fail(400, answer('error', issue.message, issue.path[0]));
	}
	if (confirm && posted.confirmed !== 'yes') {
		return { button: { ...answer('success', 'Confirm to go ahead.').button, confirm: true } };
	}
	try {
		return answer('success', await run(parsed.data));
	} catch (err) {
		if (err instanceof ServiceError) return fail(400, answer('error', err.message, err.field));
		throw err;
	}
}
