import { oneOf } from '$lib/params';
import { requirePerson } from '$lib/server/auth';
import { BOARDS, LEADERBOARD_ROOM, rankOf, topOf } from '$lib/server/ledger';
import { PERIODS, type Period } from '$lib/server/ledger';
import { liveDependency } from '$lib/realtime/contract';
import { latestSeqs } from '$lib/server/realtime';
import { ORG_ROOM } from '$lib/server/org';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const person = requirePerson(event);
	// Points arrive in the leaderboard room; renamed teams and moved people in the org room.
	event.depends(liveDependency(LEADERBOARD_ROOM), liveDependency(ORG_ROOM));
	const board = oneOf(event.url.searchParams.get('board'), BOARDS) ?? 'person';
	const period = oneOf<Period>(event.url.searchParams.get('period'), PERIODS) ?? 'month';
	// The log position first: anything committed after it arrives as a live event.
	const [after, orgAfter] = await latestSeqs([LEADERBOARD_ROOM, ORG_ROOM]);
	const subjectId =
		board === 'person' ? person.id : board === 'team' ? person.teamId : person.departmentId;
	const subjectName =
		board === 'person' ? person.name : board === 'team' ? person.teamName : person.departmentName;
	const [rows, mine] = await Promise.all([
		topOf({ board, period, limit: 20 }),
		subjectId ? rankOf({ board, period, subjectId }) : Promise.resolve(null)
	]);
	return {
		board,
		period,
		rows: rows.map(({ rank, subjectId, name, points }) => ({ rank, subjectId, name, points })),
		mine: mine && subjectId ? { ...mine, subjectId, name: subjectName ?? '' } : null,
		after,
		orgAfter
	};
};
