import { fail } from '@sveltejs/kit';
import { setError } from 'sveltekit-superforms';
import { extendSchema, freeAgentSchema, ideaSchema, teamSchema } from '$lib/hackathons/schemas';
import { parseId } from '$lib/ids';
import { requirePerson } from '$lib/server/auth';
import { emptyForm, readForm, refuse, validateForm } from '$lib/server/forms';
import {
	advancePhase,
	answerInvite,
	createTeam,
	freeAgentsOf,
	ideasOf,
	lookForTeam,
	movePhaseTime,
	pendingInvites,
	postIdea,
	requestToJoin,
	stopLooking,
	teamsOf
} from '$lib/server/hackathons';
import { getWorkspace } from '$lib/server/workspace';
import { fromZonedInput } from '$lib/zoned-time';
import { hackathonIdOf, liveHackathon, step } from './hackathon.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { person, hackathonId, hackathon, organiser, after } = await liveHackathon(event);
	const [teams, ideas, freeAgents, invites, { timeZone }] = await Promise.all([
		teamsOf(hackathonId),
		ideasOf(hackathonId),
		freeAgentsOf(hackathonId),
		pendingInvites(hackathonId),
		getWorkspace()
	]);
	const myTeam = teams.find((t) => t.members.some((m) => m.personId === person.id)) ?? null;
	const mine = invites.filter((i) => i.personId === person.id);
	return {
		after,
		hackathon,
		teams,
		ideas,
		freeAgents,
		timeZone,
		isOrganiser: organiser,
		viewerId: person.id,
		myTeamId: myTeam?.id ?? null,
		askedTeamIds: mine.filter((i) => i.kind === 'request').map((i) => i.teamId),
		invitations: mine.filter((i) => i.kind === 'invitation'),
		looking: freeAgents.some((f) => f.personId === person.id),
		forms: {
			idea: await emptyForm(ideaSchema, { id: 'idea' }),
			look: await emptyForm(freeAgentSchema, { id: 'look' }),
			team: await emptyForm(teamSchema, { id: 'team' }),
			extend: await emptyForm(extendSchema, { id: 'extend' })
		}
	};
};

export const actions: Actions = {
	advance: async (event) => {
		const person = requirePerson(event);
		const id = hackathonIdOf(event.params);
		return step('advance', null, () => advancePhase(person.id, id));
	},

	extend: async (event) => {
		const person = requirePerson(event);
		const id = hackathonIdOf(event.params);
		const form = await validateForm(event, extendSchema, { id: 'extend' });
		if (!form.valid) return fail(400, { form });
		const { timeZone } = await getWorkspace();
		const until = fromZonedInput(form.data.until, timeZone);
		if (!until) return setError(form, 'until', 'Choose the new time.');
		try {
			await movePhaseTime(person.id, id, form.data.which, until);
		} catch (err) {
			return refuse(form, err);
		}
		return { form };
	},

	idea: async (event) => {
		const person = requirePerson(event);
		const id = hackathonIdOf(event.params);
		const form = await validateForm(event, ideaSchema, { id: 'idea' });
		if (!form.valid) return fail(400, { form });
		try {
			await postIdea(person.id, id, form.data);
		} catch (err) {
			return refuse(form, err);
		}
		return { form: await emptyForm(ideaSchema, { id: 'idea' }) };
	},

	look: async (event) => {
		const person = requirePerson(event);
		const id = hackathonIdOf(event.params);
		const form = await validateForm(event, freeAgentSchema, { id: 'look' });
		if (!form.valid) return fail(400, { form });
		try {
			await lookForTeam(person.id, id, form.data.skills);
		} catch (err) {
			return refuse(form, err);
		}
		return { form };
	},

	stopLooking: async (event) => {
		const person = requirePerson(event);
		const id = hackathonIdOf(event.params);
		return step('stopLooking', null, () => stopLooking(person.id, id));
	},

	team: async (event) => {
		const person = requirePerson(event);
		const id = hackathonIdOf(event.params);
		const form = await validateForm(event, teamSchema, { id: 'team' });
		if (!form.valid) return fail(400, { form });
		try {
			await createTeam(person.id, id, form.data);
		} catch (err) {
			return refuse(form, err);
		}
		return { form };
	},

	request: async (event) => {
		const person = requirePerson(event);
		const id = hackathonIdOf(event.params);
		const teamId = parseId((await readForm(event.request)).get('teamId'));
		if (!teamId)
			return fail(400, { action: 'request', key: null, message: 'That team does not exist.' });
		return step('request', teamId, () => requestToJoin(person.id, id, teamId));
	},

	answer: async (event) => {
		const person = requirePerson(event);
		const id = hackathonIdOf(event.params);
		const data = await readForm(event.request);
		const inviteId = parseId(data.get('inviteId'));
		if (!inviteId)
			return fail(400, { action: 'answer', key: null, message: 'That request does not exist.' });
		return step('answer', inviteId, () =>
			answerInvite(person.id, id, inviteId, data.get('accept') === 'yes')
		);
	}
};
