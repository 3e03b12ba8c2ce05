import { z } from 'zod';
import { liveDependency } from '$lib/realtime/contract';
import { requirePerson } from '$lib/server/auth';
import { buttonAction } from '$lib/server/forms';
import { latestSeq } from '$lib/server/realtime';
import { generateAgenda, listAgendas, mayOrganiseSync, SYNC_ROOM } from '$lib/server/sync';
import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

const GENERATE = z.object({
	month: z
		.string()
		.regex(/^(\d{4}-(0[1-9]|1[0-2]))?$/, 'Choose a month.')
		.optional()
});

export const load: PageServerLoad = async (event) => {
	const person = requirePerson(event);
	event.depends(liveDependency(SYNC_ROOM));
	const after = await latestSeq(SYNC_ROOM);
	const [agendas, mayOrganise] = await Promise.all([listAgendas(), mayOrganiseSync(person.id)]);
	return {
		after,
		mayOrganise,
		agendas: agendas.map((a) => ({
			...a,
			meetingAt: a.meetingAt.toISOString(),
			generatedAt: a.generatedAt.toISOString(),
			publishedAt: a.publishedAt?.toISOString() ?? null
		}))
	};
};

export const actions: Actions = {
	generate: async (event) => {
		const person = requirePerson(event);
		let id = 0;
		const answer = await buttonAction(
			event,
			{ action: 'generate', schema: GENERATE },
			async ({ month }) => {
				id = await generateAgenda(person.id, month || undefined);
				return 'Agenda generated.';
			}
		);
		if (id) redirect(303, `/sync/${id}`);
		return answer;
	}
};
