import type { FormMessage } from '$lib/forms';
import type { SessionPerson, ValidSession } from '$lib/server/auth';

declare global {
	namespace App {
		interface Error {
			message: string;
			/** `database_unavailable` when the database could not be reached (answered 503). */
			code?: string;
		}
		interface Locals {
			person: SessionPerson | null;
			session: ValidSession | null;
			theme: 'light' | 'dark' | 'system';
			/** Set by handleError when the request failed because the database is away. */
			databaseDown?: boolean;
			/** The request's id in logs (from a proxy's X-Request-Id, or made here). */
			requestId?: string;
		}
		namespace Superforms {
			/** Every form's message is a FormMessage (superforms' message type for the app). */
			type Message = FormMessage;
		}
	}
}

export {};
