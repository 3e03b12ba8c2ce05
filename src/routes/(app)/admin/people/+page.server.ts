import { fail } from '@sveltejs/kit';
import { message } from 'sveltekit-superforms';
import { z } from 'zod';
import { postedId } from '$lib/ids';
import { invitationSchema } from '$lib/org/schemas';
import { createInvitation, listPendingInvitations, revokeInvitation } from '$lib/server/auth';
import { requireAdmin } from '$lib/server/auth';
import { buttonAction, emptyForm, refuse, validateForm } from '$lib/server/forms';
import { liveDependency } from '$lib/realtime/contract';
import { latestSeq } from '$lib/server/realtime';
import {
	ORG_ROOM,
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
	event.depends(liveDependency(ORG_ROOM));
	const after = await latestSeq(ORG_ROOM);
	const [people, teams, invitations] = await Promise.all([
		searchPeople({ includeInactive: true }, 1000),
		listTeams(),
		listPendingInvitations()
	]);
	return {
		after,
		people,
		teams,
		invitations,
		inviteForm: await emptyForm(invitationSchema, { id: 'invite' })
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

/** A button on a person's row: the answer is shown on that row. */
function onPerson<S extends typeof PERSON>(action: string, schema: S, confirm = false) {
	return { action, schema, row: 'personId' as const, confirm };
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

	deactivate: async (event) => {
		const admin = requireAdmin(event);
		return buttonAction(event, onPerson('deactivate', PERSON, true), async ({ personId }) => {
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
