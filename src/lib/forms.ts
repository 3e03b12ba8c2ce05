// The answers form actions give, shared by the server and the pages: every form shows
// the same kind of message, and every button action answers in the same shape.

/** A form-wide message from an action: a refusal (shown as an alert) or a confirmation. */
export interface FormMessage {
	type: 'error' | 'success';
	text: string;
	/** Something the person needs next, shown with the message (an invitation link). */
	link?: string;
}

/** What a button action (a form without fields: accept, mark read, end) answers. */
export interface ButtonAnswer {
	/** The action that answered, so only its button shows the message. */
	action: string;
	/** The row it acted on (a team, a kudos, a grant), or null for the whole page. */
	id: number | null;
	message: FormMessage;
	/** The posted field a refusal is about, when it names one (shown next to it). */
	field?: string | null;
	/** A costly action asks to be confirmed: nothing was done yet (see `confirmStep`). */
	confirm?: boolean;
}

/**
 * The answer `actions` gave about row `id` (or about the page, when `id` is left out),
 * read from a page's action result; null when the last answer was about something else.
 */
export function buttonMessage(
	result: unknown,
	actions: string | readonly string[],
	id?: number | null
): ButtonAnswer | null {
	if (!result || typeof result !== 'object' || !('button' in result)) return null;
	const answer = (result as { button: ButtonAnswer }).button;
	const wanted = typeof actions === 'string' ? [actions] : actions;
	if (!wanted.includes(answer.action)) return null;
	if (id !== undefined && answer.id !== id) return null;
	// The question before a costly action is the confirm button's, not a message to show.
	if (answer.confirm) return null;
	return answer;
}

/**
 * Whether the last answer asks to confirm `action` on row `id` (a post sent without
 * JavaScript, so without the dialog's confirmation): the page shows the second step.
 */
export function confirmStep(result: unknown, action: string, id: number | null = null): boolean {
	if (!result || typeof result !== 'object' || !('button' in result)) return false;
	const answer = (result as { button: ButtonAnswer }).button;
	return Boolean(answer.confirm) && answer.action === action && answer.id === id;
}

/**
 * What a row's own form (a superforms form posted with the id `formId`, like `team-7`)
 * was answered: its refusal (the first field error, or the message) or its confirmation.
 */
export function rowAnswer(result: unknown, formId: string): FormMessage | null {
	if (!result || typeof result !== 'object') return null;
	for (const value of Object.values(result)) {
		if (!value || typeof value !== 'object' || (value as { id?: unknown }).id !== formId) continue;
		const form = value as { errors?: Record<string, string[] | undefined>; message?: FormMessage };
		const fieldError = Object.values(form.errors ?? {}).find((list) => list?.length)?.[0];
		if (fieldError) return { type: 'error', text: fieldError };
		return form.message ?? null;
	}
	return null;
}
