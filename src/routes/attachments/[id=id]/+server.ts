import { error } from '@sveltejs/kit';
import { routeId } from '$lib/ids';
import { requirePerson } from '$lib/server/auth';
import { attachmentFile } from '$lib/server/attachments';
import type { RequestHandler } from './$types';

// Bug bash boards and escalations are visible to everyone signed in, and so are their files.
export const GET: RequestHandler = async (event) => {
	requirePerson(event);
	const file = await attachmentFile(routeId(event.params.id));
	if (!file) error(404, 'No such attachment.');
	const inline = file.contentType.startsWith('image/') || file.contentType === 'text/plain';
	return new Response(file.data as Uint8Array<ArrayBuffer>, {
		headers: {
			'content-type':
				file.contentType === 'text/plain' ? 'text/plain; charset=utf-8' : file.contentType,
			'content-length': String(file.size),
			'content-disposition': `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeRfc5987(file.fileName)}`,
			'x-content-type-options': 'nosniff',
			'content-security-policy': "default-src 'none'; img-src 'self'; sandbox",
			'cache-control': 'private, max-age=3600'
		}
	});
};

/** A file name for `filename*=`: RFC 5987 allows fewer characters than encodeURIComponent. */
function encodeRfc5987(name: string): string {
	return encodeURIComponent(name).replace(
		/['()*!]/g,
		(c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
	);
}
