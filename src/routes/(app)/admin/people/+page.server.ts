import { fail } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { invitationSchema, signupDomainSchema } from '$lib/org/schemas';
import {
	closeSignupDomain,
	createInvitation,
	listPendingInvitations,
	listSignupDomains,
	openSignupDomain,
	revokeInvitation
} from '$lib/server/auth';
import { requireAdmin } from '$lib/server/auth';
import { ServiceError } from '$lib/server/errors';
import { refuse } from '$lib/server/forms';
import {
	assignTeam,
	deactivatePerson,
	reactivatePerson,
	searchPeople,
	setRole
} from '$lib/server/org';
import { listTeams } from '$lib/server/org';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const [people, teams, invitations, domains] = await Promise.all([
		searchPeople({ includeInactive: true }, 1000),
		listTeams(),
		listPendingInvitations(),
		listSignupDomains()
	]);
	return {
		people,
		teams,
		invitations,
		domains,
		inviteForm: await superValidate(zod4(invitationSchema), { id: 'invite' }),
		domainForm: await superValidate(zod4(signupDomainSchema), { id: 'domain' })
	};
};

/** Reads the person id a row form posts, and runs a change on it with a row-level error. */
async function onPerson(
	event: RequestEvent,
	change: (actorId: number, personId: number, form: FormData) => Promise<void>
) {
	const admin = requireAdmin(event);
	const form = await event.request.formData();
	const personId = Number(form.get('personId'));
	if (!Number.isInteger(personId) || personId <= 0)
		return fail(400, { rowError: { personId: 0, message: 'Unknown person.' } });
	try {
		await change(admin.id, personId, form);
	} catch (err) {
		if (err instanceof ServiceError)
			return fail(400, { rowError: { personId, message: err.message } });
		throw err;
	}
	return { rowSaved: personId };
}

export const actions: Actions = {
	invite: async (event) => {
		const admin = requireAdmin(event);
		const form = await superValidate(event.request, zod4(invitationSchema), { id: 'invite' });
		if (!form.valid) return fail(400, { inviteForm: form });
		try {
			const token = await createInvitation(admin.id, {
				email: form.data.email || null,
				teamId: form.data.teamId || null,
				expiresInDays: form.data.expiresInDays ?? null
			});
			const link = `${event.url.origin}/signup?invite=${token}`;
			return message(form, { type: 'success' as const, text: 'Invitation created.', link });
		} catch (err) {
			return refuse(form, err);
		}
	},

	revokeInvitation: async (event) => {
		requireAdmin(event);
		const id = Number((await event.request.formData()).get('invitationId'));
		if (Number.isInteger(id) && id > 0) await revokeInvitation(id);
		return { revoked: true };
	},

	openDomain: async (event) => {
		const admin = requireAdmin(event);
		const form = await superValidate(event.request, zod4(signupDomainSchema), { id: 'domain' });
		if (!form.valid) return fail(400, { domainForm: form });
		await openSignupDomain(admin.id, form.data.domain);
		return message(form, {
			type: 'success' as const,
			text: `Anyone with an @${form.data.domain} address can now sign up.`
		});
	},

	closeDomain: async (event) => {
		requireAdmin(event);
		await closeSignupDomain(String((await event.request.formData()).get('domain') ?? ''));
		return { closed: true };
	},

	deactivate: (event) =>
		onPerson(event, (actorId, personId) => deactivatePerson(actorId, personId)),
	reactivate: (event) => onPerson(event, (_actorId, personId) => reactivatePerson(personId)),
	setRole: (event) =>
		onPerson(event, (actorId, personId, form) => {
			const role = form.get('role');
			if (role !== 'admin' && role !== 'member') throw new ServiceError('Choose admin or member.');
			return setRole(actorId, personId, role);
		}),
	assignTeam: (event) =>
		onPerson(event, (_actorId, personId, form) => {
			const raw = String(form.get('teamId') ?? '');
			const teamId = raw === '' ? null : Number(raw);
			if (teamId !== null && (!Number.isInteger(teamId) || teamId <= 0))
				throw new ServiceError('Choose a team.');
			return assignTeam(personId, teamId);
		})
};
