// Uploads a recording while it is being made, with the tus protocol: the length is
// declared only at the end (deferred length), each second's chunk is sent as it arrives,
// and a dropped network only pauses it: the bytes not yet acknowledged stay here and are
// sent again from the offset the server reports. tus-js-client sends a stream only once
// a whole chunk (megabytes) is buffered, which would lose more than a few seconds if the
// tab closed, hence this small client for the live case (files use tus-js-client).

export const UPLOADS_ENDPOINT = '/api/uploads';
const TUS = { 'Tus-Resumable': '1.0.0' };

export type LiveUploadState = 'starting' | 'uploading' | 'reconnecting' | 'saved' | 'failed';

export interface LiveUploadOptions {
	metadata: Record<string, string>;
	/** Where the upload's address is kept, so a reopened page can save what arrived. */
	resumeKey: string;
	onState: (state: LiveUploadState, message?: string) => void;
	onProgress: (acknowledgedBytes: number) => void;
}

/** The tus `Upload-Metadata` header: comma-separated `key base64(value)` pairs. */
export function encodeMetadata(metadata: Record<string, string>): string {
	const base64 = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text)));
	return Object.entries(metadata)
		.map(([key, value]) => `${key} ${base64(value)}`)
		.join(',');
}

/** A refusal the server explained (wrong type, too large): retrying will not help. */
class Refused extends Error {}

async function refusalText(response: Response): Promise<string> {
	const text = (await response.text().catch(() => '')).trim();
	return text || `The upload was refused (${response.status}).`;
}

export class LiveUpload {
	private url: string | null = null;
	private acknowledged = 0;
	/** Bytes from `acknowledged` on that the server has not confirmed yet. */
	private pending = new Blob();
	private finishing = false;
	private running = false;
	private stopped = false;
	private resolveDone!: (mediaId: number | null) => void;
	/** The media id once the server has the whole recording (null if it was refused). */
	readonly done = new Promise<number | null>((resolve) => (this.resolveDone = resolve));

	constructor(private readonly options: LiveUploadOptions) {}

	async start(): Promise<void> {
		this.options.onState('starting');
		const response = await fetch(UPLOADS_ENDPOINT, {
			method: 'POST',
			headers: {
				...TUS,
				'Upload-Defer-Length': '1',
				'Upload-Metadata': encodeMetadata(this.options.metadata)
			}
		});
		if (response.status !== 201) throw new Error(await refusalText(response));
		this.url = new URL(response.headers.get('Location') ?? '', location.href).pathname;
		localStorage.setItem(this.options.resumeKey, this.url);
		this.options.onState('uploading');
		window.addEventListener('online', this.pump);
	}

	/** One more piece of the recording (MediaRecorder's dataavailable). */
	push(chunk: Blob): void {
		if (chunk.size === 0 || this.stopped) return;
		this.pending = new Blob([this.pending, chunk]);
		void this.pump();
	}

	/** The recording ended: send what is left and declare the length. */
	finish(): Promise<number | null> {
		this.finishing = true;
		void this.pump();
		return this.done;
	}

	/** Stops trying (the component is gone); the address stays for a later save. */
	abandon(): void {
		this.stopped = true;
		window.removeEventListener('online', this.pump);
	}

	private pump = async (): Promise<void> => {
		if (this.running || !this.url) return;
		this.running = true;
		let delay = 500;
		try {
			while (!this.stopped && (this.pending.size > 0 || this.finishing)) {
				try {
					const finished = await this.sendPending();
					delay = 500;
					if (finished) return;
				} catch (err) {
					if (err instanceof Refused) return this.fail(err.message);
					this.options.onState('reconnecting');
					await new Promise((resolve) => setTimeout(resolve, delay));
					delay = Math.min(delay * 2, 5_000);
					await this.resync().catch(() => {});
				}
			}
		} finally {
			this.running = false;
		}
	};

	/** Sends everything pending in one PATCH; answers whether the upload is complete. */
	private async sendPending(): Promise<boolean> {
		const body = this.pending;
		const final = this.finishing;
		const headers: Record<string, string> = {
			...TUS,
			'Upload-Offset': String(this.acknowledged),
			'Content-Type': 'application/offset+octet-stream'
		};
		if (final) headers['Upload-Length'] = String(this.acknowledged + body.size);
		const response = await fetch(this.url as string, {
			method: 'PATCH',
			headers,
			body,
			signal: AbortSignal.timeout(60_000)
		});
		if (response.status === 409) {
			await this.resync();
			return false;
		}
		if (response.status >= 400 && response.status < 500 && response.status !== 423) {
			throw new Refused(await refusalText(response));
		}
		if (!response.ok) throw new Error(`Upload answered ${response.status}`);
		this.confirm(Number(response.headers.get('Upload-Offset')));
		this.options.onState('uploading');
		if (!final || this.pending.size > 0) return false;
		return this.saved(response);
	}

	private confirm(offset: number): void {
		if (!(offset > this.acknowledged)) return;
		this.pending = this.pending.slice(offset - this.acknowledged);
		this.acknowledged = offset;
		this.options.onProgress(offset);
	}

	/** Asks the server how much it has (a PATCH may have arrived though its answer did not). */
	private async resync(): Promise<void> {
		const response = await fetch(this.url as string, { method: 'HEAD', headers: TUS });
		if (response.status === 404 || response.status === 410) {
			throw new Refused('The server no longer has this recording.');
		}
		this.confirm(Number(response.headers.get('Upload-Offset')));
	}

	private saved(response: Response): boolean {
		const id = Number(response.headers.get('Tandem-Media-Id'));
		localStorage.removeItem(this.options.resumeKey);
		window.removeEventListener('online', this.pump);
		this.options.onState('saved');
		this.resolveDone(Number.isInteger(id) && id > 0 ? id : null);
		return true;
	}

	private fail(message: string): void {
		this.stopped = true;
		localStorage.removeItem(this.options.resumeKey);
		this.options.onState('failed', message);
		this.resolveDone(null);
	}
}

/**
 * Saves what reached the server of a recording whose tab was closed: it declares the
 * length the server already has, which completes the upload. Answers the media id, or a
 * sentence when there was nothing to save.
 */
export async function saveInterruptedRecording(
	resumeKey: string
): Promise<{ mediaId: number } | { error: string }> {
	const url = localStorage.getItem(resumeKey);
	if (!url) return { error: 'There is no interrupted recording to save.' };
	const head = await fetch(url, { method: 'HEAD', headers: TUS });
	if (!head.ok) {
		localStorage.removeItem(resumeKey);
		return { error: 'The server no longer has that recording.' };
	}
	const offset = head.headers.get('Upload-Offset') ?? '0';
	const response = await fetch(url, {
		method: 'PATCH',
		headers: {
			...TUS,
			'Upload-Offset': offset,
			'Upload-Length': offset,
			'Content-Type': 'application/offset+octet-stream'
		}
	});
	localStorage.removeItem(resumeKey);
	if (!response.ok) return { error: await refusalText(response) };
	return { mediaId: Number(response.headers.get('Tandem-Media-Id')) };
}
