// Where Zendesk, Freshdesk, Jira and Asana post their webhooks: no session, the signature
// is the proof. Thin: the integrations module reads, verifies, logs and applies.
import { json } from '@sveltejs/kit';
import { routeId } from '$lib/ids';
import { receiveWebhook } from '$lib/server/integrations';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ params, request }) => {
	const answer = await receiveWebhook(routeId(params.id), request);
	return json(
		{ outcome: answer.outcome, message: answer.message },
		{ status: answer.status, headers: { 'cache-control': 'no-store', ...answer.headers } }
	);
};
