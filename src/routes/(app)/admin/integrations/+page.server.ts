import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { postedId } from '$lib/ids';
import { integrationFormSchema, linkFormSchema } from '$lib/integrations/schemas';
import { pageOf, pagesFor } from '$lib/params';
import { liveDependency } from '$lib/realtime/contract';
import { requireAdmin } from '$lib/server/auth';
import { buttonAction, confirm, emptyForm, refuse, validateForm } from '$lib/server/forms';
import {
	countDeliveries,
	createIntegration,
	deleteIntegration,
	INTEGRATIONS_ROOM,
	linkItem,
	listDeliveries,
	listIntegrations,
	listLinkedItems,
	rotateSecret,
	setIntegrationEnabled
} from '$lib/server/integrations';
import { latestSeq } from '$lib/server/realtime';
import type { Actions, PageServerLoad } from './$types';

const PAGE_SIZE = 25;

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	event.depends(liveDependency(INTEGRATIONS_ROOM));
	const after = await latestSeq(INTEGRATIONS_ROOM);
	const { page, limit, offset } = pageOf(event.url.searchParams, PAGE_SIZE);
	const [integrations, deliveries, total, items] = await Promise.all([
		listIntegrations(),
		listDeliveries({ limit, offset }),
		countDeliveries(),
		listLinkedItems()
	]);
	return {
		after,
		origin: event.url.origin,
		integrations,
		deliveries,
		items,
		page,
		pages: pagesFor(total, PAGE_SIZE),
		integrationForm: await emptyForm(integrationFormSchema, { id: 'integration' }),
		linkForm: await emptyForm(linkFormSchema, { id: 'link' })
	};
};

const ROW = z.object({ integrationId: postedId('That integration does not exist.') });
const TOGGLE = ROW.extend({ enabled: z.enum(['yes', 'no'], { error: 'Choose on or off.' }) });

export const actions: Actions = {
	create: async (event) => {
		const admin = requireAdmin(event);
		const form = await validateForm(event, integrationFormSchema, { id: 'integration' });
		if (!form.valid) return fail(400, { integrationForm: form });
		let created: { id: number; secret: string | null };
		try {
			created = await createIntegration(admin.id, form.data);
		} catch (err) {
			return refuse(form, err);
		}
		const name = form.data.name;
		form.data = { ...form.data, name: '', secret: '', severityField: '' };
		return {
			...confirm(form, `“${name}” is ready.`),
			created: { ...created, name, source: form.data.source }
		};
	},

	rotate: async (event) => {
		const admin = requireAdmin(event);
		const button = { action: 'rotate', schema: ROW, row: 'integrationId', confirm: true } as const;
		return buttonAction(event, button, async ({ integrationId }) => {
			const secret = await rotateSecret(admin.id, integrationId);
			return secret
				? `New secret, shown only now: ${secret}`
				: 'The secret is forgotten: the next Asana handshake sets a new one.';
		});
	},

	toggle: async (event) => {
		const admin = requireAdmin(event);
		const button = { action: 'toggle', schema: TOGGLE, row: 'integrationId' } as const;
		return buttonAction(event, button, async ({ integrationId, enabled }) => {
			await setIntegrationEnabled(admin.id, integrationId, enabled === 'yes');
			return enabled === 'yes'
				? 'Enabled: deliveries are applied again.'
				: 'Disabled: deliveries are refused.';
		});
	},

	delete: async (event) => {
		const admin = requireAdmin(event);
		const button = { action: 'delete', schema: ROW, row: 'integrationId', confirm: true } as const;
		return buttonAction(event, button, async ({ integrationId }) => {
			await deleteIntegration(admin.id, integrationId);
			return 'Integration deleted.';
		});
	},

	link: async (event) => {
		const admin = requireAdmin(event);
		const form = await validateForm(event, linkFormSchema, { id: 'link' });
		if (!form.valid) return fail(400, { linkForm: form });
		try {
			return confirm(form, await linkItem(admin.id, form.data));
		} catch (err) {
			return refuse(form, err);
		}
	}
};
