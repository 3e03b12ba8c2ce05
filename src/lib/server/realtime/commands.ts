import { and, eq, lt } from 'drizzle-orm';
import type { z } from 'zod';
import { invalidInput, type Ack } from '$lib/realtime/contract';
import type { SessionPerson } from '../auth';
import { useDb, type Transaction } from '../db/client';
import { commandReceipt } from './schema';
import { ServiceError } from '../errors';
import { holdsNul, NUL_REFUSED } from '../form-input';
import { failureAck } from '../resilience';
import { withEvents, type RecordEvent } from './events';

/** What a command handler gets: its transaction, the event recorder and the actor. */
export interface CommandContext<P> {
	tx: Transaction;
	record: RecordEvent;
	person: SessionPerson;
	payload: P;
}

export interface CommandHandler<P = unknown, R extends object = object> {
	schema: z.ZodType<P>;
	handle(ctx: CommandContext<P>): Promise<R>;
	/** Its events go out in their room's next frame (see ./frames), not one message each. */
	framed?: boolean;
}

const handlers = new Map<string, CommandHandler>();

/** Registers (or replaces, after a hot reload) the handler of a client command type. */
export function registerCommand<P, R extends object>(
	type: string,
	handler: CommandHandler<P, R>
): void {
	handlers.set(type, handler as unknown as CommandHandler);
}

/**
 * Runs a client command once. Its receipt is written in the command's own transaction
 * under the client-generated id; a retry (same person, same id) gets the stored answer
 * and changes nothing. Bad input and refusals come back as typed errors.
 */
export async function runCommand(
	person: SessionPerson,
	commandId: string,
	type: string,
	rawPayload: unknown
): Promise<Ack<{ result: object; replayed: boolean }>> {
	// PostgreSQL refuses NUL in text: refused here as bad input, like a form's body.
	if (holdsNul([commandId, rawPayload]))
		return { ok: false, code: 'invalid', message: NUL_REFUSED };
	const handler = handlers.get(type);
	if (!handler) return { ok: false, code: 'not_found', message: `Unknown command “${type}”.` };
	const parsed = handler.schema.safeParse(rawPayload);
	if (!parsed.success) {
		return invalidInput(parsed.error.issues, 'Some fields need attention.');
	}
	try {
		return await withEvents(
			async (tx, record) => {
				const claimed = await tx
					.insert(commandReceipt)
					.values({ personId: person.id, commandId, result: {} })
					.onConflictDoNothing()
					.returning({ commandId: commandReceipt.commandId });
				if (claimed.length === 0) {
					const [stored] = await tx
						.select({ result: commandReceipt.result })
						.from(commandReceipt)
						.where(
							and(eq(commandReceipt.personId, person.id), eq(commandReceipt.commandId, commandId))
						);
					return { ok: true as const, result: stored.result as object, replayed: true };
				}
				const result = await handler.handle({ tx, record, person, payload: parsed.data });
				await tx
					.update(commandReceipt)
					.set({ result })
					.where(
						and(eq(commandReceipt.personId, person.id), eq(commandReceipt.commandId, commandId))
					);
				return { ok: true as const, result, replayed: false };
			},
			{ framed: handler.framed }
		);
	} catch (err) {
		if (err instanceof ServiceError) return { ok: false, code: err.code, message: err.message };
		return failureAck(err, `command ${type}`);
	}
}

/** Forgets command answers older than a day: a client retries within seconds, not days. */
export async function pruneCommandReceipts(maxAgeHours = 24): Promise<number> {
	const removed = await useDb()
		.delete(commandReceipt)
		.where(lt(commandReceipt.createdAt, new Date(Date.now() - maxAgeHours * 3_600_000)))
		.returning({ id: commandReceipt.commandId });
	return removed.length;
}
