// Socket commands for triage, so a live client (or a script at a big bash) can triage
// without a page round trip. Same services, same permission checks as the form actions.
import { z } from 'zod';
import { triageSchema } from '$lib/schemas/bugbash';
import { registerCommand } from '../realtime/commands';
import { triageBugIn, undoDecisionIn } from './triage';

const bugId = z.number().int().positive();

registerCommand('bugbash.triage', {
	schema: z.object({ bugId, triage: triageSchema }),
	handle: async ({ tx, record, person, payload }) => {
		await triageBugIn(tx, record, person.id, payload.bugId, payload.triage);
		return { bugId: payload.bugId, status: payload.triage.kind };
	}
});

registerCommand('bugbash.undo', {
	schema: z.object({ bugId }),
	handle: async ({ tx, record, person, payload }) => {
		await undoDecisionIn(tx, record, person.id, payload.bugId);
		return { bugId: payload.bugId, status: 'new' };
	}
});
