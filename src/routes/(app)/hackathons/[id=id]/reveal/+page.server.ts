import { REVEAL_STEP_MS } from '$lib/hackathons/judging';
import { requirePerson } from '$lib/server/auth';
import { hackathonRoom, revealOf } from '$lib/server/hackathons';
import { latestSeq } from '$lib/server/realtime';
import { hackathonFromParams, hackathonIdOf } from '../hackathon.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requirePerson(event);
	const hackathonId = hackathonIdOf(event.params);
	// The log position first: a reveal committed after it arrives as a live event.
	const after = await latestSeq(hackathonRoom(hackathonId));
	const hackathon = await hackathonFromParams(event.params);
	const reveal = await revealOf(hackathonId);
	return {
		after,
		hackathon: { id: hackathon.id, title: hackathon.title },
		steps: reveal?.steps ?? null,
		elapsedMs: reveal?.elapsedMs ?? 0,
		stepMs: reveal?.stepMs ?? REVEAL_STEP_MS
	};
};
