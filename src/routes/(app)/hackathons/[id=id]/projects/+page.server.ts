import { fail } from '@sveltejs/kit';
import { weightsSchema } from '$lib/hackathons/judging';
import { requirePerson } from '$lib/server/auth';
import { confirm, emptyForm, refuse, validateForm } from '$lib/server/forms';
import {
	TIE_BREAK,
	finalRanking,
	hackathonLeaderboard,
	myVotes,
	peoplesChoiceProblem,
	revealOf,
	revealResults,
	setRankingWeights,
	submissionsOf,
	teamsOf,
	voteForProject,
	withdrawVote
} from '$lib/server/hackathons';
import { hackathonIdOf, liveHackathon, postedId, step } from '../hackathon.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { person, hackathonId, hackathon, organiser, after } = await liveHackathon(event);
	const [projects, votes, reveal, teams] = await Promise.all([
		submissionsOf(hackathonId),
		myVotes(hackathonId, person.id),
		revealOf(hackathonId),
		teamsOf(hackathonId)
	]);
	const myTeam = teams.find((t) => t.members.some((m) => m.personId === person.id))?.id ?? null;
	return {
		after,
		hackathon,
		projects,
		votes,
		myTeam,
		voting: peoplesChoiceProblem(hackathon),
		reveal: reveal && { steps: reveal.steps, ranking: reveal.ranking },
		leaderboard: reveal ? await hackathonLeaderboard(hackathonId) : null,
		// Organisers see the ranking as it stands before the reveal; nobody sees counts.
		organising:
			organiser && !reveal ? { ...(await finalRanking(hackathonId)), tieBreak: TIE_BREAK } : null,
		tieBreak: TIE_BREAK,
		weights: await emptyForm(weightsSchema, {
			id: 'weights',
			data: {
				rubric: hackathon.rubricWeight,
				pairwise: hackathon.pairwiseWeight,
				peoplesChoice: hackathon.peoplesChoiceWeight
			}
		})
	};
};

export const actions: Actions = {
	vote: async (event) => {
		const person = requirePerson(event);
		const id = hackathonIdOf(event.params);
		const project = await postedId(event.request, 'submissionId');
		if (!project)
			return fail(400, { action: 'vote', key: null, message: 'That project does not exist.' });
		return step('vote', project, () => voteForProject(person.id, id, project));
	},

	unvote: async (event) => {
		const person = requirePerson(event);
		const id = hackathonIdOf(event.params);
		const project = await postedId(event.request, 'submissionId');
		if (!project)
			return fail(400, { action: 'vote', key: null, message: 'That project does not exist.' });
		return step('vote', project, () => withdrawVote(person.id, id, project));
	},

	weights: async (event) => {
		const person = requirePerson(event);
		const id = hackathonIdOf(event.params);
		const form = await validateForm(event, weightsSchema, { id: 'weights' });
		if (!form.valid) return fail(400, { form });
		try {
			await setRankingWeights(person.id, id, form.data);
		} catch (err) {
			return refuse(form, err);
		}
		return confirm(form, 'Weights saved.');
	},

	reveal: async (event) => {
		const person = requirePerson(event);
		const id = hackathonIdOf(event.params);
		return step('reveal', null, () => revealResults(person.id, id));
	}
};
