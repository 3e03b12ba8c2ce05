// Where media bytes live: files under the data directory, or any S3-compatible bucket.
// Uploads are written by the tus data store of the same place; everything else (serving
// ranges, thumbnails, the ffmpeg pass) goes through the small MediaStore interface, so
// the rest of the capability never asks which one it has.
import { FileStore } from '@tus/file-store';
import type { DataStore } from '@tus/utils';
import { createReadStream } from 'node:fs';
import { mkdir, open, rm, stat, writeFile, copyFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { join } from 'node:path';
import { mediaConfig, type MediaConfig } from '../config';
import { s3MediaStore } from './storage-s3';

/** An inclusive byte range, as HTTP writes it. */
export interface ByteRange {
	start: number;
	end: number;
}

export interface MediaStore {
	readonly kind: 'fs' | 's3';
	/** The tus data store uploads are written through. */
	readonly uploads: DataStore;
	/** The stored size, or null when nothing is stored under the key. */
	size(key: string): Promise<number | null>;
	/** The bytes (or a range of them) as a stream: never the whole file in memory. */
	read(key: string, range?: ByteRange): Promise<ReadableStream<Uint8Array>>;
	/** The first bytes, for checking what a file really is. */
	head(key: string, length: number): Promise<Uint8Array>;
	/** A local file with the stored bytes (for ffmpeg); `release` removes it if it was a copy. */
	localFile(key: string): Promise<{ path: string; release(): Promise<void> }>;
	/** Stores a local file under the key (replacing what was there). */
	putFile(key: string, path: string, contentType: string): Promise<void>;
	putBytes(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
	remove(key: string): Promise<void>;
}

/** Keys are ours (tus ids, `<id>.thumb.jpg`): plain names, never paths. */
export function checkKey(key: string): string {
	if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$/.test(key)) throw new Error(`Bad media key ${key}`);
	return key;
}

function fsMediaStore(directory: string): MediaStore {
	const uploads = new FileStore({ directory });
	const pathOf = (key: string) => join(directory, checkKey(key));
	return {
		kind: 'fs',
		uploads,
		async size(key) {
			try {
				return (await stat(pathOf(key))).size;
			} catch {
				return null;
			}
		},
		async read(key, range) {
			const stream = createReadStream(pathOf(key), range ?? {});
			return Readable.toWeb(stream) as ReadableStream<Uint8Array>;
		},
		async head(key, length) {
			const file = await open(pathOf(key), 'r');
			try {
				const buffer = new Uint8Array(length);
				const { bytesRead } = await file.read(buffer, 0, length, 0);
				return buffer.subarray(0, bytesRead);
			} finally {
				await file.close();
			}
		},
		async localFile(key) {
			return { path: pathOf(key), release: async () => {} };
		},
		async putFile(key, path) {
			await mkdir(directory, { recursive: true });
			await copyFile(path, pathOf(key));
		},
		async putBytes(key, bytes) {
			await mkdir(directory, { recursive: true });
			await writeFile(pathOf(key), bytes);
		},
		async remove(key) {
			await rm(pathOf(key), { force: true });
			// A tus upload keeps its offset and metadata beside the bytes.
			await rm(`${pathOf(key)}.json`, { force: true });
		}
	};
}

/** Builds the store the configuration names (S3 when all its settings are present). */
export function openMediaStore(config: MediaConfig = mediaConfig()): MediaStore {
	return config.s3 ? s3MediaStore(config.s3) : fsMediaStore(config.directory);
}

const KEY = Symbol.for('tandem.mediaStore');
const holder = globalThis as unknown as Record<symbol, MediaStore | undefined>;

/** The media store of this process, opened from the environment on first use. */
export function mediaStore(): MediaStore {
	return (holder[KEY] ??= openMediaStore());
}

/** Replaces the process's media store (tests switch between the disk and S3). */
export function installMediaStore(store: MediaStore): void {
	holder[KEY] = store;
}
