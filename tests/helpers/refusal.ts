import { expect } from 'vitest';
import { ServiceError } from '../../src/lib/server/errors';

/** Awaits a promise that must be refused with a ServiceError, and returns that error. */
export async function refusal(promise: Promise<unknown>): Promise<ServiceError> {
	const err = await promise.then(
		() => null,
		(e: unknown) => e
	);
	expect(err).toBeInstanceOf(ServiceError);
	return err as ServiceError;
}
