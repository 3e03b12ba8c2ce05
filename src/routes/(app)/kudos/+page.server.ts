import { fail } from '@sveltejs/kit';
import { parseId } from '$lib/ids';
import { oneOf } from '$lib/params';
import { BOARDS } from '$lib/server/ledger';
import { hideKudosSchema, kudosSchema, plusOneSchema, reactionSchema } from '$lib/kudos/schemas';
import { requirePerson } from '$lib/server/auth';
import { buttonAction, emptyForm, refuse, validateForm } from '$lib/server/forms';
import {
	allowanceAndPosition,
	giveKudos,
	hideKudos,
	plusOne,
	toggleReaction
} from '$lib/server/kudos';
import {
	kudosLeaderboard,
	monthFigures,
	wallChoices,
	wallOf,
	KUDOS_DIRECTIONS,
	KUDOS_PERIODS,
	KUDOS_ROOM,
	type WallFilters
} from '$lib/server/kudos';
import { liveDependency } from '$lib/realtime/contract';
import { nameOf } from '$lib/server/org';
import type { Actions, PageServerLoad } from './$types';

function filtersFrom(params: URLSearchParams): WallFilters {
	return {
		valueId: parseId(params.get('value')) ?? undefined,
		personId: parseId(params.get('person')) ?? undefined,
		teamId: parseId(params.get('team')) ?? undefined,
		departmentId: parseId(params.get('department')) ?? undefined,
		acrossOnly: params.get('across') === '1'
	};
}

/** Which kudos leaderboard the sidebar shows (received/given × board × period). */
function boardFrom(params: URLSearchParams) {
	return {
		direction: oneOf(params.get('dir'), KUDOS_DIRECTIONS) ?? 'received',
		board: oneOf(params.get('board'), BOARDS) ?? 'person',
		period: oneOf(params.get('period'), KUDOS_PERIODS) ?? 'month'
	};
}

async function freshForm(prefill?: URLSearchParams) {
	const form = await emptyForm(kudosSchema, { id: 'give', errors: false });
	form.data.clientKey = crypto.randomUUID();
	// Another page may start a kudos (a demo's "Kudos to the presenter"): `?to=` names the
	// person, `?message=` a first line; both are only typed text the giver can change.
	form.data.recipientNames = prefill?.get('to')?.slice(0, 200) ?? '';
	form.data.message = prefill?.get('message')?.slice(0, 2000) ?? '';
	return form;
}

export const load: PageServerLoad = async (event) => {
	const person = requirePerson(event);
	event.depends(liveDependency(KUDOS_ROOM));
	const filters = filtersFrom(event.url.searchParams);
	const before = parseId(event.url.searchParams.get('before')) ?? undefined;
	// The log position first: anything committed after it arrives as a live event, and
	// what this node already computed at it is shared by everyone viewing the wall. The
	// allowance is the viewer's own, read in the same statement.
	const { position: after, allowance } = await allowanceAndPosition(person.id);
	const board = boardFrom(event.url.searchParams);
	const [wall, choices, figures, ranking, filterPerson] = await Promise.all([
		wallOf(filters, {
			before,
			viewerId: person.id,
			includeHidden: person.role === 'admin',
			at: after
		}),
		wallChoices(after),
		monthFigures(after),
		kudosLeaderboard(board.direction, board.board, board.period, after),
		filters.personId ? nameOf(filters.personId) : Promise.resolve(null)
	]);
	return {
		after,
		filters,
		before: before ?? null,
		wall,
		allowance,
		...choices,
		filterPerson,
		figures,
		board: { ...board, rows: ranking },
		form: await freshForm(event.url.searchParams),
		viewer: { id: person.id, isAdmin: person.role === 'admin' }
	};
};

export const actions: Actions = {
	give: async (event) => {
		const person = requirePerson(event);
		const form = await validateForm(event, kudosSchema, { id: 'give', json: true });
		if (!form.valid) return fail(400, { form });
		try {
			await giveKudos(person.id, form.data);
		} catch (err) {
			return refuse(form, err);
		}
		// A blank form for the next kudos (a new key), answered as a success: `message()`
		// would answer a blank, hence invalid, form with a 400.
		const next = await freshForm();
		next.message = { type: 'success', text: 'Kudos given. Thank you for saying it!' };
		return { form: next };
	},

	react: async (event) => {
		const person = requirePerson(event);
		const card = { action: 'react', schema: reactionSchema, row: 'kudosId' } as const;
		return buttonAction(event, card, async ({ kudosId, emoji }) => {
			await toggleReaction(person.id, kudosId, emoji);
			return 'Reaction saved.';
		});
	},

	plusOne: async (event) => {
		const person = requirePerson(event);
		const card = { action: 'plusOne', schema: plusOneSchema, row: 'kudosId' } as const;
		return buttonAction(event, card, async ({ kudosId, points }) => {
			await plusOne(person.id, kudosId, points);
			return 'Your +1 is added.';
		});
	},

	hide: async (event) => {
		const person = requirePerson(event);
		const card = { action: 'hide', schema: hideKudosSchema, row: 'kudosId' } as const;
		return buttonAction(event, card, async ({ kudosId, reason }) => {
			const { unreversedPoints } = await hideKudos(person.id, kudosId, reason);
			return unreversedPoints
				? `Kudos hidden and its points reversed, except ${unreversedPoints} points that stay: their recipients had already spent some of them.`
				: 'Kudos hidden and its points reversed.';
		});
	}
};
