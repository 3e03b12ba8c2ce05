// The media store on any S3-compatible service: tus writes multipart uploads through
// @tus/s3-store; reading back is ranged GETs, so seeking never downloads the whole file.
import {
	DeleteObjectsCommand,
	GetObjectCommand,
	HeadObjectCommand,
	PutObjectCommand,
	S3Client
} from '@aws-sdk/client-s3';
import { S3Store } from '@tus/s3-store';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { S3Config } from '../config';
import { checkKey, type MediaStore } from './storage';

export function s3MediaStore(config: S3Config): MediaStore {
	const clientConfig = {
		endpoint: config.endpoint,
		region: config.region,
		credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
		// Self-hosted stores (MinIO, s3rver, Ceph) rarely have bucket subdomains.
		forcePathStyle: true,
		// The SDK's default streams checksummed `aws-chunked` bodies, which many S3-compatible
		// stores save verbatim (the chunk signatures end up inside the file): checksum only
		// where the API requires one.
		requestChecksumCalculation: 'WHEN_REQUIRED' as const,
		responseChecksumValidation: 'WHEN_REQUIRED' as const
	};
	const client = new S3Client(clientConfig);
	const Bucket = config.bucket;
	const uploads = new S3Store({ s3ClientConfig: { ...clientConfig, bucket: Bucket } });

	async function get(key: string, range?: string) {
		const answer = await client.send(
			new GetObjectCommand({ Bucket, Key: checkKey(key), Range: range })
		);
		if (!answer.Body) throw new Error(`Empty S3 answer for ${key}`);
		return answer.Body;
	}

	return {
		kind: 's3',
		uploads,
		async size(key) {
			try {
				const head = await client.send(new HeadObjectCommand({ Bucket, Key: checkKey(key) }));
				return head.ContentLength ?? null;
			} catch {
				return null;
			}
		},
		async read(key, range) {
			const body = await get(key, range ? `bytes=${range.start}-${range.end}` : undefined);
			return body.transformToWebStream() as ReadableStream<Uint8Array>;
		},
		async head(key, length) {
			const body = await get(key, `bytes=0-${length - 1}`);
			return body.transformToByteArray();
		},
		async localFile(key) {
			const dir = await mkdtemp(join(tmpdir(), 'tandem-media-'));
			const path = join(dir, 'source');
			const body = await get(key);
			await pipeline(body as Readable, createWriteStream(path));
			return { path, release: () => rm(dir, { recursive: true, force: true }) };
		},
		async putFile(key, path, contentType) {
			const { size } = await stat(path);
			await client.send(
				new PutObjectCommand({
					Bucket,
					Key: checkKey(key),
					Body: createReadStream(path),
					ContentLength: size,
					ContentType: contentType
				})
			);
		},
		async putBytes(key, bytes, contentType) {
			await client.send(
				new PutObjectCommand({ Bucket, Key: checkKey(key), Body: bytes, ContentType: contentType })
			);
		},
		async remove(key) {
			// tus keeps an upload's metadata in `<key>.info` and a short last part in `<key>.part`.
			const keys = [key, `${key}.info`, `${key}.part`].map((k) => ({ Key: k }));
			await client.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: keys } }));
		}
	};
}
