import { z } from 'zod';
import { postedId } from '$lib/ids';
import { liveDependency } from '$lib/realtime/contract';
import { requireAdmin } from '$lib/server/auth';
import {
	approveBash,
	bashesAwaitingApproval,
	BUGBASHES_ROOM,
	declineBash
} from '$lib/server/bugbash';
import { buttonAction } from '$lib/server/forms';
import { latestSeq } from '$lib/server/realtime';
import { getWorkspace } from '$lib/server/workspace';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	event.depends(liveDependency(BUGBASHES_ROOM));
	const after = await latestSeq(BUGBASHES_ROOM);
	const [pending, settings] = await Promise.all([bashesAwaitingApproval(), getWorkspace()]);
	return {
		after,
		pending,
		caps: { perBug: settings.bashPointsCap, firstBonus: settings.bashFirstBonusCap },
		timeZone: settings.timeZone
	};
};

const BASH = z.object({ bashId: postedId('That bug bash does not exist.') });

export const actions: Actions = {
	approve: async (event) => {
		const admin = requireAdmin(event);
		const button = { action: 'approve', schema: BASH, row: 'bashId' } as const;
		return buttonAction(event, button, async ({ bashId }) => {
			await approveBash(admin.id, bashId);
			return 'Approved: it pays its points from now on.';
		});
	},
	decline: async (event) => {
		const admin = requireAdmin(event);
		const button = { action: 'decline', schema: BASH, row: 'bashId' } as const;
		return buttonAction(event, button, async ({ bashId }) => {
			await declineBash(admin.id, bashId);
			return 'Declined: it pays no more than the caps.';
		});
	}
};
