import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { formatDay, WEEKDAYS, parseDay, type Span } from '$lib/workspace/hours';
import {
	bashCapsSchema,
	businessHoursSchema,
	holidaySchema,
	isPublicEmailDomain,
	workspaceDomainSchema,
	workspaceSchema
} from '$lib/workspace/schemas';
import { liveDependency } from '$lib/realtime/contract';
import { listSignupDomains, requireAdmin } from '$lib/server/auth';
import { buttonAction, confirm, emptyForm, refuse, validateForm } from '$lib/server/forms';
import { latestSeq } from '$lib/server/realtime';
import {
	addHoliday,
	closeSignupFor,
	getWorkspace,
	knownTimeZones,
	listHolidays,
	openSignupFor,
	removeHoliday,
	saveBashCaps,
	saveBusinessHours,
	saveWorkspaceSettings,
	WORKSPACE_ROOM
} from '$lib/server/workspace';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	event.depends(liveDependency(WORKSPACE_ROOM));
	const after = await latestSeq(WORKSPACE_ROOM);
	const [settings, holidays, domains] = await Promise.all([
		getWorkspace(),
		listHolidays(),
		listSignupDomains()
	]);
	const week = Object.fromEntries(
		WEEKDAYS.map(({ key, weekday }) => [key, formatDay(settings.businessHours, weekday)])
	);
	return {
		after,
		timeZones: knownTimeZones(),
		holidays,
		domains: domains.map((d) => ({ domain: d.domain, isPublic: isPublicEmailDomain(d.domain) })),
		settingsForm: await emptyForm(workspaceSchema, {
			id: 'settings',
			data: { name: settings.name, timeZone: settings.timeZone }
		}),
		hoursForm: await emptyForm(businessHoursSchema, { id: 'hours', data: week }),
		holidayForm: await emptyForm(holidaySchema, { id: 'holiday' }),
		capsForm: await emptyForm(bashCapsSchema, {
			id: 'caps',
			data: {
				bashPointsCap: settings.bashPointsCap,
				bashFirstBonusCap: settings.bashFirstBonusCap
			}
		}),
		domainForm: await emptyForm(workspaceDomainSchema, { id: 'domain' })
	};
};

const HOLIDAY = z.object({ day: z.iso.date({ error: 'That holiday is not on the list.' }) });
const DOMAIN = z.object({ domain: z.string().max(255) });

export const actions: Actions = {
	settings: async (event) => {
		const admin = requireAdmin(event);
		const form = await validateForm(event, workspaceSchema, { id: 'settings' });
		if (!form.valid) return fail(400, { settingsForm: form });
		try {
			await saveWorkspaceSettings(admin.id, form.data);
		} catch (err) {
			return refuse(form, err);
		}
		return confirm(form, 'Saved.');
	},

	hours: async (event) => {
		const admin = requireAdmin(event);
		const form = await validateForm(event, businessHoursSchema, { id: 'hours' });
		if (!form.valid) return fail(400, { hoursForm: form });
		const spans: Span[] = WEEKDAYS.flatMap(({ key, weekday }) => {
			const day = parseDay(weekday, form.data[key]);
			return 'spans' in day ? day.spans : [];
		});
		try {
			await saveBusinessHours(admin.id, spans);
		} catch (err) {
			return refuse(form, err);
		}
		// Shown back as stored: sorted, written the same way.
		for (const { key, weekday } of WEEKDAYS) form.data[key] = formatDay(spans, weekday);
		return confirm(form, 'Business hours saved.');
	},

	addHoliday: async (event) => {
		const admin = requireAdmin(event);
		const form = await validateForm(event, holidaySchema, { id: 'holiday' });
		if (!form.valid) return fail(400, { holidayForm: form });
		try {
			await addHoliday(admin.id, form.data.day, form.data.label);
		} catch (err) {
			return refuse(form, err);
		}
		const added = `${form.data.label} (${form.data.day}) added.`;
		form.data.label = '';
		form.data.day = '';
		return confirm(form, added);
	},

	removeHoliday: async (event) => {
		const admin = requireAdmin(event);
		return buttonAction(event, { action: 'removeHoliday', schema: HOLIDAY }, async ({ day }) => {
			await removeHoliday(admin.id, day);
			return 'Holiday removed.';
		});
	},

	caps: async (event) => {
		const admin = requireAdmin(event);
		const form = await validateForm(event, bashCapsSchema, { id: 'caps' });
		if (!form.valid) return fail(400, { capsForm: form });
		try {
			await saveBashCaps(admin.id, form.data);
		} catch (err) {
			return refuse(form, err);
		}
		return confirm(form, 'Bug bash caps saved.');
	},

	openDomain: async (event) => {
		const admin = requireAdmin(event);
		const form = await validateForm(event, workspaceDomainSchema, { id: 'domain' });
		if (!form.valid) return fail(400, { domainForm: form });
		try {
			await openSignupFor(admin.id, form.data.domain, form.data.acceptPublic);
		} catch (err) {
			return refuse(form, err);
		}
		const opened = form.data.domain;
		form.data.domain = '';
		form.data.acceptPublic = false;
		return confirm(form, `Anyone with an @${opened} address can now sign up.`);
	},

	closeDomain: async (event) => {
		const admin = requireAdmin(event);
		return buttonAction(event, { action: 'closeDomain', schema: DOMAIN }, async ({ domain }) => {
			await closeSignupFor(admin.id, domain);
			return 'Sign-up by that domain is closed.';
		});
	}
};
