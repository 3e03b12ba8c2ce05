import { error, fail, redirect } from '@sveltejs/kit';
import { setError } from 'sveltekit-superforms';
import {
	hackathonFormSchema,
	hackathonFromForm,
	PHASE_TIMES,
	type PhaseTime
} from '$lib/hackathons/schemas';
import { requirePerson } from '$lib/server/auth';
import { emptyForm, refuse, validateForm } from '$lib/server/forms';
import { createHackathon, mayOrganiseHackathons } from '$lib/server/hackathons';
import { getWorkspace } from '$lib/server/workspace';
import { fromZonedInput, toZonedInput } from '$lib/zoned-time';
import type { Actions, PageServerLoad } from './$types';

const hour = 3_600_000;
const NOT_ALLOWED = 'Only admins, and members an admin allows, can create hackathons.';

export const load: PageServerLoad = async (event) => {
	const person = requirePerson(event);
	if (!(await mayOrganiseHackathons(person.id))) error(403, NOT_ALLOWED);
	const { timeZone } = await getWorkspace();
	const form = await emptyForm(hackathonFormSchema);
	// A week of registration, two days of hacking, two of judging, starting on the hour.
	const opens = new Date(Math.ceil(Date.now() / hour) * hour);
	const offsets: Record<PhaseTime, number> = {
		registrationOpensAt: 0,
		hackingStartsAt: 7 * 24 * hour,
		hackingEndsAt: 9 * 24 * hour,
		judgingEndsAt: 11 * 24 * hour
	};
	for (const which of PHASE_TIMES) {
		form.data[which] = toZonedInput(new Date(opens.getTime() + offsets[which]), timeZone);
	}
	Object.assign(form.data, {
		teamSizeMin: 2,
		teamSizeMax: 5,
		minDepartments: 2,
		votesPerPerson: 3,
		peoplesChoice: true,
		criteria: 'Customer impact: 3\nExecution: 2\nCross-functional collaboration: 2'
	});
	return { form, timeZone, isAdmin: person.role === 'admin' };
};

export const actions: Actions = {
	default: async (event) => {
		const person = requirePerson(event);
		const form = await validateForm(event, hackathonFormSchema);
		if (!form.valid) return fail(400, { form });
		const { timeZone } = await getWorkspace();
		const times = Object.fromEntries(
			PHASE_TIMES.map((which) => [which, fromZonedInput(form.data[which], timeZone)])
		) as Record<PhaseTime, Date | null>;
		const parsed = hackathonFromForm(form.data, times);
		if (!parsed.success) {
			const issue = parsed.error.issues[0];
			const field = String(issue.path[0] ?? 'title') as 'title';
			return setError(form, field in form.data ? field : 'title', issue.message);
		}
		let hackathonId: number;
		try {
			hackathonId = await createHackathon(person.id, parsed.data);
		} catch (err) {
			return refuse(form, err);
		}
		redirect(303, `/hackathons/${hackathonId}`);
	}
};
