import { pageOf, pagesFor } from '$lib/params';
import { requireAdmin } from '$lib/server/auth';
import { countOutbox, listOutbox, mailStatus } from '$lib/server/outbox';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 25;

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const { page, limit, offset } = pageOf(event.url.searchParams, PAGE_SIZE);
	const [messages, total] = await Promise.all([listOutbox({ limit, offset }), countOutbox()]);
	return {
		messages,
		total,
		page,
		pages: pagesFor(total, PAGE_SIZE),
		mail: mailStatus()
	};
};
