import { requirePerson } from '$lib/server/auth';
import { HACKATHONS_ROOM, listHackathons, mayOrganiseHackathons } from '$lib/server/hackathons';
import { latestSeq } from '$lib/server/realtime';
import type { PageServerLoad } from './$types';
import { liveDependency } from '$lib/realtime/events';

export const load: PageServerLoad = async (event) => {
	const person = requirePerson(event);
	event.depends(liveDependency(HACKATHONS_ROOM));
	// The log position first: anything committed after it arrives as a live event.
	const after = await latestSeq(HACKATHONS_ROOM);
	const [hackathons, mayCreate] = await Promise.all([
		listHackathons(),
		mayOrganiseHackathons(person.id)
	]);
	return {
		after,
		mayCreate,
		isAdmin: person.role === 'admin',
		upcoming: hackathons.filter((h) => h.phase === 'draft' || h.phase === 'registration'),
		running: hackathons.filter((h) => h.phase === 'hacking' || h.phase === 'judging'),
		past: hackathons.filter((h) => h.phase === 'results').reverse()
	};
};
