import { error, fail, redirect } from '@sveltejs/kit';
import { setError } from 'sveltekit-superforms';
import { exceptionSchema, grantSchema, inviteSchema } from '$lib/hackathons/schemas';
import { submissionSchema } from '$lib/hackathons/judging';
import { ACCEPTED_ATTACHMENTS, checkAttachments } from '$lib/server/attachments';
import { commentActions, shownFrom, threadOf } from '$lib/server/comments';
import { parseId } from '$lib/ids';
import { requirePerson } from '$lib/server/auth';
import { ServiceError } from '$lib/server/errors';
import { confirm, emptyForm, readForm, refuse, validateForm } from '$lib/server/forms';
import {
	answerInvite,
	colleaguesWithoutTeam,
	commentOnTeam,
	deleteTeamComment,
	editTeamComment,
	saveSubmission,
	submissionOfTeam,
	teamSubject,
	handOverCaptaincy,
	hackathonRoom,
	inviteToTeam,
	isOrganiser,
	leaveTeam,
	makeException,
	pendingInvites,
	requestToJoin,
	teamBelongs,
	teamDetail,
	teamsOf
} from '$lib/server/hackathons';
import { latestSeq } from '$lib/server/realtime';
import { hackathonFromParams, hackathonIdOf, step } from '../../hackathon.server';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { liveDependency } from '$lib/realtime/events';

function teamIdOf(params: { teamId: string }): number {
	const teamId = parseId(params.teamId);
	if (!teamId) error(404, 'That team does not exist.');
	return teamId;
}

/** The URL's hackathon and team, or the 404 page when the team is not of that hackathon. */
async function teamOfUrl(params: { id: string; teamId: string }) {
	const hackathonId = hackathonIdOf(params);
	const teamId = teamIdOf(params);
	if (!(await teamBelongs(hackathonId, teamId))) error(404, 'That team does not exist.');
	return { hackathonId, teamId };
}

export const load: PageServerLoad = async (event) => {
	const person = requirePerson(event);
	const hackathonId = hackathonIdOf(event.params);
	event.depends(liveDependency(hackathonRoom(hackathonId)));
	const teamId = teamIdOf(event.params);
	// The log position first: anything committed after it arrives as a live event.
	const after = await latestSeq(hackathonRoom(hackathonId));
	const hackathon = await hackathonFromParams(event.params);
	const team = await teamDetail(hackathonId, teamId);
	if (!team) error(404, 'That team does not exist.');
	const [invites, organiser, allTeams, submission, thread] = await Promise.all([
		pendingInvites(hackathonId, teamId),
		isOrganiser(person.id, hackathonId),
		teamsOf(hackathonId),
		submissionOfTeam(hackathonId, teamId),
		threadOf(teamSubject(teamId), person, shownFrom(event.url.searchParams.get('comments')))
	]);
	const isCaptain = team.captainId === person.id;
	const inAnyTeam = allTeams.some((t) => t.members.some((m) => m.personId === person.id));
	return {
		after,
		hackathon,
		team,
		viewerId: person.id,
		isCaptain,
		isMember: team.members.some((m) => m.personId === person.id),
		inAnyTeam,
		isOrganiser: organiser,
		requests: isCaptain ? invites.filter((i) => i.kind === 'request') : [],
		invited: invites.filter((i) => i.kind === 'invitation'),
		myInvite: invites.find((i) => i.personId === person.id) ?? null,
		colleagues: isCaptain
			? (await colleaguesWithoutTeam(hackathonId)).map((c) => ({
					value: c.id,
					label: c.departmentName ? `${c.name} (${c.departmentName})` : c.name
				}))
			: [],
		submission,
		thread,
		accept: ACCEPTED_ATTACHMENTS,
		forms: {
			submission: await emptyForm(submissionSchema, {
				id: 'submission',
				data: submission
					? {
							title: submission.title,
							tagline: submission.tagline,
							description: submission.description,
							challengeId: submission.challengeId ?? 0,
							categoryIds: submission.categoryIds,
							repositoryUrl: submission.repositoryUrl,
							demoUrl: submission.demoUrl,
							whoDidWhat: submission.whoDidWhat
						}
					: undefined
			}),
			invite: await emptyForm(inviteSchema, { id: 'invite' }),
			captain: await emptyForm(grantSchema, { id: 'captain' }),
			exception: await emptyForm(exceptionSchema, { id: 'exception' })
		}
	};
};

export const actions: Actions = {
	submit: async (event) => {
		const person = requirePerson(event);
		const hackathonId = hackathonIdOf(event.params);
		const teamId = teamIdOf(event.params);
		const form = await validateForm(event, submissionSchema, { id: 'submission' });
		if (!form.valid) return fail(400, { form });
		const { screenshots, ...input } = form.data;
		try {
			const files = await checkAttachments(screenshots);
			await saveSubmission(person.id, hackathonId, teamId, input, files);
		} catch (err) {
			if (err instanceof ServiceError && err.field === 'attachments') {
				return setError(form, 'screenshots._errors', err.message);
			}
			if (err instanceof ServiceError && err.field === 'screenshots') {
				return setError(form, 'screenshots._errors', err.message);
			}
			return refuse(form, err);
		}
		form.data.screenshots = [];
		return confirm(form, 'Submission saved.');
	},

	...commentActions((event: RequestEvent) => {
		const hackathonId = hackathonIdOf(event.params);
		const teamId = teamIdOf(event.params);
		return {
			add: (actorId, body) => commentOnTeam(actorId, hackathonId, teamId, body),
			edit: (actorId, commentId, body) =>
				editTeamComment(actorId, hackathonId, teamId, commentId, body),
			remove: (actorId, commentId) => deleteTeamComment(actorId, hackathonId, teamId, commentId)
		};
	}),

	request: async (event) => {
		const person = requirePerson(event);
		const { hackathonId, teamId } = await teamOfUrl(event.params);
		return step('request', null, () => requestToJoin(person.id, hackathonId, teamId));
	},

	answer: async (event) => {
		const person = requirePerson(event);
		const { hackathonId } = await teamOfUrl(event.params);
		const data = await readForm(event.request);
		const inviteId = parseId(data.get('inviteId'));
		if (!inviteId) {
			return fail(400, { action: 'answer', key: null, message: 'That request does not exist.' });
		}
		const accept = data.get('accept') === 'yes';
		return step('answer', inviteId, () => answerInvite(person.id, hackathonId, inviteId, accept));
	},

	invite: async (event) => {
		const person = requirePerson(event);
		const { hackathonId, teamId } = await teamOfUrl(event.params);
		const form = await validateForm(event, inviteSchema, { id: 'invite' });
		if (!form.valid) return fail(400, { form });
		try {
			await inviteToTeam(person.id, hackathonId, teamId, form.data.personId);
		} catch (err) {
			return refuse(form, err);
		}
		return { form };
	},

	captain: async (event) => {
		const person = requirePerson(event);
		const { hackathonId, teamId } = await teamOfUrl(event.params);
		const form = await validateForm(event, grantSchema, { id: 'captain' });
		if (!form.valid) return fail(400, { form });
		try {
			await handOverCaptaincy(person.id, hackathonId, teamId, form.data.personId);
		} catch (err) {
			return refuse(form, err);
		}
		return { form };
	},

	leave: async (event) => {
		const person = requirePerson(event);
		const { hackathonId, teamId } = await teamOfUrl(event.params);
		try {
			await leaveTeam(person.id, hackathonId, teamId);
		} catch (err) {
			if (err instanceof ServiceError)
				return fail(400, { action: 'leave', key: null, message: err.message });
			throw err;
		}
		redirect(303, `/hackathons/${hackathonId}`);
	},

	exception: async (event) => {
		const person = requirePerson(event);
		const { hackathonId, teamId } = await teamOfUrl(event.params);
		const form = await validateForm(event, exceptionSchema, { id: 'exception' });
		if (!form.valid) return fail(400, { form });
		try {
			await makeException(person.id, hackathonId, teamId, form.data.reason);
		} catch (err) {
			return refuse(form, err);
		}
		return { form };
	}
};
