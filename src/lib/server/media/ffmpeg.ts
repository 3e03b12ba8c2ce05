// The optional ffmpeg pass over a finished upload. A browser's WebM has no duration and
// no seek index (MediaRecorder writes it as a stream); a copy-only remux adds both in a
// fraction of a second and keeps every frame as it was. We never re-encode: on two cores
// that would take longer than the recording. Without ffmpeg the browser's own duration and
// canvas thumbnail are used, and the player works out the duration itself.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { mediaConfig } from '../config';
import { logFor } from '../log';

const log = logFor('media');

const run = promisify(execFile);
let available: boolean | undefined;

/** Whether ffmpeg and ffprobe are on the PATH (and not switched off with MEDIA_FFMPEG=off). */
export function ffmpegAvailable(): boolean {
	if (!mediaConfig().useFfmpeg) return false;
	available ??= ['ffmpeg', 'ffprobe'].every(
		(tool) => spawnSync(tool, ['-version'], { stdio: 'ignore' }).status === 0
	);
	return available;
}

export interface ProcessedVideo {
	/** A remuxed copy with duration and cues, when one was made. */
	remuxedPath?: string;
	thumbnail?: Uint8Array;
	durationMs?: number;
	/** Removes the temporary files. */
	release(): Promise<void>;
}

/** Remuxes a WebM (copy only), then reads the duration and grabs one frame as a JPEG. */
export async function processVideo(path: string, contentType: string): Promise<ProcessedVideo> {
	const dir = await mkdtemp(join(tmpdir(), 'tandem-ffmpeg-'));
	const result: ProcessedVideo = { release: () => rm(dir, { recursive: true, force: true }) };
	let source = path;
	if (contentType === 'video/webm') {
		const out = join(dir, 'remuxed.webm');
		const ok = await ffmpeg(['-i', path, '-map', '0', '-c', 'copy', '-cues_to_front', '1', out]);
		if (ok && (await stat(out)).size > 0) source = result.remuxedPath = out;
	}
	result.durationMs = await durationOf(source);
	const at = result.durationMs ? Math.min(1, result.durationMs / 2000) : 0;
	const thumb = join(dir, 'thumbnail.jpg');
	const grabbed = await ffmpeg([
		...['-ss', String(at), '-i', source, '-frames:v', '1'],
		...['-vf', 'scale=480:-2', '-q:v', '5', thumb]
	]);
	if (grabbed) result.thumbnail = new Uint8Array(await readFile(thumb));
	return result;
}

async function ffmpeg(args: string[]): Promise<boolean> {
	try {
		await run('ffmpeg', ['-v', 'error', '-nostdin', '-y', ...args], { timeout: 10 * 60_000 });
		return true;
	} catch (err) {
		log.warn({ error: (err as Error).message.split('\n')[0] }, 'ffmpeg failed');
		return false;
	}
}

async function durationOf(path: string): Promise<number | undefined> {
	try {
		const { stdout } = await run('ffprobe', [
			...['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', path]
		]);
		const seconds = Number(stdout.trim());
		return Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1000) : undefined;
	} catch {
		return undefined;
	}
}
