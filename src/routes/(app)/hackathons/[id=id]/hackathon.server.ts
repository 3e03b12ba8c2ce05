import { error, fail, type ServerLoadEvent } from '@sveltejs/kit';
import { parseId } from '$lib/ids';
import { liveDependency } from '$lib/realtime/events';
import { requirePerson } from '$lib/server/auth';
import { ServiceError } from '$lib/server/errors';
import { hackathonDetail, hackathonRoom, isOrganiser } from '$lib/server/hackathons';
import { readForm } from '$lib/server/forms';
import { latestSeq } from '$lib/server/realtime';

/** The hackathon id of the URL, or the 404 page for one that is not an id. */
export function hackathonIdOf(params: { id: string }): number {
	const id = parseId(params.id);
	if (!id) error(404, 'That hackathon does not exist.');
	return id;
}

/** The hackathon of the URL with its prizes and criteria, or the 404 page. */
export async function hackathonFromParams(params: { id: string }) {
	try {
		return await hackathonDetail(hackathonIdOf(params));
	} catch (err) {
		if (err instanceof ServiceError) error(404, err.message);
		throw err;
	}
}

/**
 * What every live hackathon page loads first: the signed-in person, the hackathon of the
 * URL (or the 404 page), whether they organise it, and the room's log position, taken
 * before anything else is read so whatever commits after it arrives as a live event. The
 * page reloads on the room's events.
 */
export async function liveHackathon(
	event: Pick<ServerLoadEvent<{ id: string }>, 'params' | 'locals' | 'url' | 'depends'>
) {
	const person = requirePerson(event);
	const hackathonId = hackathonIdOf(event.params);
	event.depends(liveDependency(hackathonRoom(hackathonId)));
	const after = await latestSeq(hackathonRoom(hackathonId));
	const [hackathon, organiser] = await Promise.all([
		hackathonFromParams(event.params),
		isOrganiser(person.id, hackathonId)
	]);
	return { person, hackathonId, hackathon, organiser, after };
}

/**
 * Runs a button's step (no fields to put an error next to): a refusal comes back as
 * `{ action, key, message }`, so the page shows it beside the button that was pressed.
 */
export async function step(action: string, key: number | null, run: () => Promise<unknown>) {
	try {
		await run();
	} catch (err) {
		if (err instanceof ServiceError) return fail(400, { action, key, message: err.message });
		throw err;
	}
	return { action, key, done: true };
}

/** The id posted in `name`, or null. */
export async function postedId(request: Request, name: string): Promise<number | null> {
	return parseId((await readForm(request)).get(name));
}

/** The id posted in `name` (or null) and whether `flag` was posted as "yes". */
export async function postedIdAndFlag(request: Request, name: string, flag: string) {
	const data = await readForm(request);
	return { id: parseId(data.get(name)), flag: data.get(flag) === 'yes' };
}
