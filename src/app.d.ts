import type { SessionPerson, ValidSession } from '$lib/server/auth';

declare global {
	namespace App {
		interface Error {
			message: string;
		}
		interface Locals {
			person: SessionPerson | null;
			session: ValidSession | null;
			theme: 'light' | 'dark' | 'system';
		}
	}
}

export {};
