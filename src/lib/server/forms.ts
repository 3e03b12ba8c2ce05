import { message, setError, type SuperValidated } from 'sveltekit-superforms';
import { ServiceError } from './errors';

export type FormMessage = { type: 'error' | 'success'; text: string };

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
