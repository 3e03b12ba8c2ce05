/**
 * Suggestions while someone types ("already logged?", "already requested?"): asks after a
 * short pause, only for text long enough to mean something, and shows only the latest
 * question's answer so a slow early answer never replaces a newer one.
 */
export function typeahead<T>(lookup: (text: string) => Promise<T | null>, empty: T) {
	let answer = $state<T>(empty);
	let looking = $state(false);
	let asked = 0;

	return {
		get answer() {
			return answer;
		},
		get looking() {
			return looking;
		},
		/** Call from an effect with the current text; returns the effect's cleanup. */
		ask(text: string): () => void {
			const question = text.trim();
			const ask = ++asked;
			if (question.length < 4) {
				answer = empty;
				return () => {};
			}
			const timer = setTimeout(async () => {
				looking = true;
				try {
					const found = await lookup(question);
					if (found !== null && ask === asked) answer = found;
				} finally {
					if (ask === asked) looking = false;
				}
			}, 250);
			return () => clearTimeout(timer);
		}
	};
}

/** The JSON a suggestion endpoint answers, or null when it does not answer well. */
export async function fetchJson<T>(url: string): Promise<T | null> {
	const response = await fetch(url);
	return response.ok ? ((await response.json()) as T) : null;
}
