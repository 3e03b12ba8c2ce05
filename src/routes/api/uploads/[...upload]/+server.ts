import { handleUpload } from '$lib/server/media';
import type { RequestHandler } from './$types';

// The tus endpoint: creating (POST), resuming (HEAD) and appending (PATCH) uploads. The
// media capability checks the session's person on every request and owns the rest.
export const fallback: RequestHandler = (event) =>
	handleUpload(event.request, event.locals.person?.id ?? null);
