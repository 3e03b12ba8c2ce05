import { parseId } from '$lib/ids';
import { requireAdmin } from '$lib/server/auth';
import { countOutbox, listOutbox, mailStatus } from '$lib/server/outbox';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 25;

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	// Past the last page shows an empty list; a silly page number is not a server error.
	const page = Math.min(parseId(event.url.searchParams.get('page')) ?? 1, 10_000);
	const [messages, total] = await Promise.all([
		listOutbox({ limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
		countOutbox()
	]);
	return {
		messages,
		total,
		page,
		pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
		mail: mailStatus()
	};
};
