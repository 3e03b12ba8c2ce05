// Screenshots and logs attached to bugs and escalations. The file's bytes decide what it
// is (never the browser's label), and the limits are checked here, on the server.
import { eq, inArray } from 'drizzle-orm';
import { useDb, type Executor } from '../db/client';
import { attachment } from './schema';
import { ServiceError } from '../errors';

export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
export const MAX_ATTACHMENTS = 5;
/** What the file inputs accept; the server checks the contents as well. */
export const ACCEPTED_ATTACHMENTS =
	'image/png,image/jpeg,image/gif,image/webp,.txt,.log,.json,.har';

const IMAGE_SIGNATURES: { type: string; test: (b: Uint8Array) => boolean }[] = [
	{ type: 'image/png', test: (b) => starts(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
	{ type: 'image/jpeg', test: (b) => starts(b, [0xff, 0xd8, 0xff]) },
	{ type: 'image/gif', test: (b) => starts(b, [0x47, 0x49, 0x46, 0x38]) },
	{
		type: 'image/webp',
		test: (b) => starts(b, [0x52, 0x49, 0x46, 0x46]) && ascii(b.subarray(8, 12)) === 'WEBP'
	}
];
const TEXT_EXTENSIONS = /\.(txt|log|json|har)$/i;

function starts(bytes: Uint8Array, prefix: number[]): boolean {
	return prefix.every((byte, i) => bytes[i] === byte);
}

function ascii(bytes: Uint8Array): string {
	return String.fromCharCode(...bytes);
}

function isText(bytes: Uint8Array): boolean {
	if (bytes.includes(0)) return false;
	try {
		new TextDecoder('utf-8', { fatal: true }).decode(bytes);
		return true;
	} catch {
		return false;
	}
}

export interface CheckedFile {
	fileName: string;
	contentType: string;
	data: Uint8Array;
}

/** The content type a file really has, or null when it is not a screenshot or a text log. */
export function attachmentType(fileName: string, bytes: Uint8Array): string | null {
	const image = IMAGE_SIGNATURES.find((s) => s.test(bytes));
	if (image) return image.type;
	if (TEXT_EXTENSIONS.test(fileName) && isText(bytes)) {
		return /\.(json|har)$/i.test(fileName) ? 'application/json' : 'text/plain';
	}
	return null;
}

/** Reads and checks uploaded files; any refusal names the file and the `attachments` field. */
export async function checkAttachments(files: File[]): Promise<CheckedFile[]> {
	const chosen = files.filter((f) => f.size > 0 || f.name);
	if (chosen.length > MAX_ATTACHMENTS) {
		throw new ServiceError(`Attach at most ${MAX_ATTACHMENTS} files.`, 'attachments');
	}
	const checked: CheckedFile[] = [];
	for (const file of chosen) {
		const name = file.name.replace(/[\\/\p{Cc}]/gu, '_').slice(-120) || 'file';
		if (file.size === 0) throw new ServiceError(`“${name}” is empty.`, 'attachments');
		if (file.size > MAX_ATTACHMENT_BYTES) {
			throw new ServiceError(
				`“${name}” is ${(file.size / 1024 / 1024).toFixed(1)} MB; the limit is 5 MB per file.`,
				'attachments'
			);
		}
		const data = new Uint8Array(await file.arrayBuffer());
		const contentType = attachmentType(name, data);
		if (!contentType) {
			throw new ServiceError(
				`“${name}” is not a screenshot (PNG, JPEG, GIF, WebP) or a text log (.txt, .log, .json, .har).`,
				'attachments'
			);
		}
		checked.push({ fileName: name, contentType, data });
	}
	return checked;
}

/**
 * Stores checked files inside the caller's transaction and answers their ids: the module
 * they belong to links them in its own table (`bug_attachment`, `escalation_attachment`).
 */
export async function storeAttachments(
	tx: Executor,
	files: CheckedFile[],
	uploaderId: number
): Promise<AttachmentInfo[]> {
	if (files.length === 0) return [];
	return tx
		.insert(attachment)
		.values(files.map((f) => ({ ...f, uploaderId, size: f.data.byteLength })))
		.returning(infoColumns);
}

const infoColumns = {
	id: attachment.id,
	fileName: attachment.fileName,
	contentType: attachment.contentType,
	size: attachment.size
};

export interface AttachmentInfo {
	id: number;
	fileName: string;
	contentType: string;
	size: number;
}

export async function attachmentFile(id: number) {
	const [row] = await useDb().select().from(attachment).where(eq(attachment.id, id));
	return row ?? null;
}

/** Files by id, oldest first, without their bytes (a module reads its links, then these). */
export async function attachmentsByIds(ids: number[]): Promise<AttachmentInfo[]> {
	if (ids.length === 0) return [];
	return useDb()
		.select(infoColumns)
		.from(attachment)
		.where(inArray(attachment.id, ids))
		.orderBy(attachment.id);
}
