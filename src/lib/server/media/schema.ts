import { sql } from 'drizzle-orm';
import {
	check,
	index,
	integer,
	bigint,
	pgEnum,
	pgTable,
	text,
	timestamp,
	unique
} from 'drizzle-orm/pg-core';
import { person } from '../org/schema';

export const mediaStatus = pgEnum('media_status', ['uploading', 'ready', 'failed']);

/**
 * A recording or uploaded video. The bytes live in the media store (the data directory or
 * an S3 bucket) under `storageKey`; this row is what every node agrees on. What the file
 * belongs to is the owning module's business (`purpose` says which module's handler took
 * it when it became ready; the module links the id in its own table).
 */
export const mediaFile = pgTable(
	'media_file',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		ownerId: integer()
			.notNull()
			.references(() => person.id, { onDelete: 'restrict' }),
		/** 'demo-recording', 'escalation-recording', …: whose handler runs when it is ready. */
		purpose: text().notNull(),
		/** Known once the bytes are checked: video/webm or video/mp4. */
		contentType: text(),
		sizeBytes: bigint({ mode: 'number' }).notNull().default(0),
		storageKey: text().notNull(),
		status: mediaStatus().notNull().default('uploading'),
		/** Why a failed upload was refused, in words for the uploader. */
		failure: text(),
		durationMs: integer(),
		thumbnailKey: text(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		readyAt: timestamp({ withTimezone: true })
	},
	(t) => [
		unique('media_file_storage_key').on(t.storageKey),
		index('media_file_owner_idx').on(t.ownerId, t.createdAt),
		check('media_file_size_not_negative', sql`${t.sizeBytes} >= 0`),
		check('media_file_ready_has_type', sql`${t.status} <> 'ready' or ${t.contentType} is not null`)
	]
);
