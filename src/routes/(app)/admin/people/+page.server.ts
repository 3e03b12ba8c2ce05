import { fail } from '@sveltejs/kit';
import { message } from 'sveltekit-superforms';
import { z } from 'zod';
import { postedId } from '$lib/ids';
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
import { buttonAction, emptyForm, refuse, validateForm } from '$lib/server/forms';
import {
	assignTeam,
	deactivatePerson,
	reactivatePerson,
	searchPeople,
	setRole
} from '$lib/server/org';
import { listTeams } from '$lib/server/org';
import type { Actions, PageServerLoad } from './$types';

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
		inviteForm: await emptyForm(invitationSchema, { id: 'invite' }),
		domainForm: await emptyForm(signupDomainSchema, { id: 'domain' })
	};
};

const PERSON = z.object({ personId: postedId('Unknown person.') });
const ROLE = PERSON.extend({
	role: z.enum(['admin', 'member'], { error: 'Choose admin or member.' })
});
/** A team, or '' for none. */
const TEAM_CHOICE = PERSON.extend({
	teamId: z.preprocess(
		(value) => (value === '' ? null : value),
		postedId('Choose a team.').nullable()
	)
});
const INVITATION = z.object({ invitationId: postedId('Unknown invitation.') });
const DOMAIN = z.object({ domain: z.string().max(255) });

/** A button on a person's row: the answer is shown on that row. */
function onPerson<S extends typeof PERSON>(action: string, schema: S) {
	return { action, schema, row: 'personId' as const };
}

export const actions: Actions = {
	invite: async (event) => {
		const admin = requireAdmin(event);
		const form = await validateForm(event, invitationSchema, { id: 'invite' });
		if (!form.valid) return fail(400, { inviteForm: form });
		try {
			const token = await createInvitation(admin.id, {
				email: form.data.email || null,
				teamId: form.data.teamId || null,
				expiresInDays: form.data.expiresInDays ?? null
			});
			const link = `${event.url.origin}/signup?invite=${token}`;
			return message(form, { type: 'success', text: 'Invitation created.', link });
		} catch (err) {
			return refuse(form, err);
		}
	},

	revokeInvitation: async (event) => {
		requireAdmin(event);
		const button = { action: 'revokeInvitation', schema: INVITATION } as const;
		return buttonAction(event, button, async ({ invitationId }) => {
			await revokeInvitation(invitationId);
			return 'Invitation revoked.';
		});
	},

	openDomain: async (event) => {
		const admin = requireAdmin(event);
		const form = await validateForm(event, signupDomainSchema, { id: 'domain' });
		if (!form.valid) return fail(400, { domainForm: form });
		await openSignupDomain(admin.id, form.data.domain);
		return message(form, {
			type: 'success',
			text: `Anyone with an @${form.data.domain} address can now sign up.`
		});
	},

	closeDomain: async (event) => {
		requireAdmin(event);
		return buttonAction(event, { action: 'closeDomain', schema: DOMAIN }, async ({ domain }) => {
			await closeSignupDomain(domain);
			return 'Sign-up by that domain is closed.';
		});
	},

	deactivate: async (event) => {
		const admin = requireAdmin(event);
		return buttonAction(event, onPerson('deactivate', PERSON), async ({ personId }) => {
			await deactivatePerson(admin.id, personId);
			return 'Deactivated and signed out everywhere.';
		});
	},
	reactivate: async (event) => {
		const admin = requireAdmin(event);
		return buttonAction(event, onPerson('reactivate', PERSON), async ({ personId }) => {
			await reactivatePerson(admin.id, personId);
			return 'Reactivated.';
		});
	},
	setRole: async (event) => {
		const admin = requireAdmin(event);
		return buttonAction(event, onPerson('setRole', ROLE), async ({ personId, role }) => {
			await setRole(admin.id, personId, role);
			return role === 'admin' ? 'Now an admin.' : 'Now a member.';
		});
	},
	assignTeam: async (event) => {
		const admin = requireAdmin(event);
		return buttonAction(
			event,
			onPerson('assignTeam', TEAM_CHOICE),
			async ({ personId, teamId }) => {
				await assignTeam(admin.id, personId, teamId);
				return 'Team saved.';
			}
		);
	}
};
