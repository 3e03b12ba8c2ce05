// Who is in a room, as a page shows it: the server's answer to `room:presence`, then
// the updates it pushes (deltas in a small room, only the count in a large one).
import {
	PRESENCE_LIST_LIMIT,
	type PresenceMember,
	type PresenceSnapshot,
	type PresenceUpdate
} from './contract';

export const NOBODY: PresenceSnapshot = { members: [], count: 0 };

const byName = (a: PresenceMember, b: PresenceMember) => a.name.localeCompare(b.name);

/**
 * The presence after `update`. A whole list replaces what was known; a delta adds who
 * arrived and drops who left (the list stays sorted and at most `PRESENCE_LIST_LIMIT`
 * long); a count alone (a large room) changes only the count.
 */
export function applyPresence(view: PresenceSnapshot, update: PresenceUpdate): PresenceSnapshot {
	if (update.members) return { members: update.members, count: update.count };
	if (!update.joined && !update.left) return { members: view.members, count: update.count };
	const gone = new Set(update.left ?? []);
	for (const member of update.joined ?? []) gone.add(member.personId);
	const all = view.members
		.filter((m) => !gone.has(m.personId))
		.concat(update.joined ?? [])
		.sort(byName);
	// A complete list counts itself; a partial one (a large room) trusts the server.
	const complete = view.count <= view.members.length;
	return {
		members: all.slice(0, PRESENCE_LIST_LIMIT),
		count: complete ? all.length : update.count
	};
}
