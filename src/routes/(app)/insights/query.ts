// Addresses of insights views: the current one with some parameters changed.
export interface ViewAddress {
	kind: string;
	start: string;
	level: string;
	subjectId: number;
	openAgeDays: number;
}

export function viewQuery(view: ViewAddress, change: Record<string, string | number | null> = {}) {
	const params: Record<string, string | number | null> = {
		period: view.kind,
		start: view.start,
		level: view.level,
		id: view.level === 'org' ? null : view.subjectId,
		days: view.openAgeDays,
		...change
	};
	const search = new URLSearchParams();
	for (const [key, value] of Object.entries(params)) {
		if (value !== null && value !== '') search.set(key, String(value));
	}
	return search.toString();
}
