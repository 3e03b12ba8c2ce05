// Socket commands for triage, so a live client (or a script at a big bash) can triage
// without a page round trip. Same services, same permission checks as the form actions.
import { z } from 'zod';
import { triageSchema } from '$lib/bugbash/schemas';
import type { CommandHandler } from '../realtime';
import { triageBugIn, undoDecisionIn } from './triage';

const bugId = z.number().int().positive();

const triage: CommandHandler<{ bugId: number; triage: z.output<typeof triageSchema> }> = {
	schema: z.object({ bugId, triage: triageSchema }),
	handle: async ({ tx, record, person, payload }) => {
		await triageBugIn(tx, record, person.id, payload.bugId, payload.triage);
		return { bugId: payload.bugId, status: payload.triage.kind };
	}
};

const undo: CommandHandler<{ bugId: number }> = {
	schema: z.object({ bugId }),
	handle: async ({ tx, record, person, payload }) => {
		await undoDecisionIn(tx, record, person.id, payload.bugId);
		return { bugId: payload.bugId, status: 'new' };
	}
};

/** The bug bash's socket commands, registered through the module registry. */
export const bugbashCommands = { 'bugbash.triage': triage, 'bugbash.undo': undo };
