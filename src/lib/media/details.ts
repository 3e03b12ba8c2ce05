// What the browser tells the server about a recording when the server has no ffmpeg:
// how long it is and a still frame drawn on a canvas. The server keeps ffmpeg's findings
// when it has them, so sending these is always harmless.

/** A JPEG still of what a video element (or a live preview) shows now. */
export async function captureStill(video: HTMLVideoElement): Promise<Blob | null> {
	if (!video.videoWidth) return null;
	const width = Math.min(480, video.videoWidth);
	const canvas = document.createElement('canvas');
	canvas.width = width;
	canvas.height = Math.round((video.videoHeight / video.videoWidth) * width);
	canvas.getContext('2d')?.drawImage(video, 0, 0, canvas.width, canvas.height);
	return new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.7));
}

/** Sends the duration and still for a media file the person just uploaded. */
export async function sendBrowserDetails(
	mediaId: number,
	details: { durationMs?: number; still?: Blob | null }
): Promise<void> {
	const query = details.durationMs ? `?durationMs=${Math.round(details.durationMs)}` : '';
	await fetch(`/media/${mediaId}${query}`, {
		method: 'PUT',
		headers: { 'content-type': details.still?.type || 'application/octet-stream' },
		body: details.still ?? new Blob()
	}).catch(() => {});
}

/** "1:05", "12:30", "1:02:03". */
export function clock(ms: number): string {
	const total = Math.max(0, Math.floor(ms / 1000));
	const h = Math.floor(total / 3600);
	const m = Math.floor((total % 3600) / 60);
	const s = String(total % 60).padStart(2, '0');
	return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** "12 KB", "3.4 MB". */
export function bytesInWords(bytes: number): string {
	if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
	if (bytes < 1024 ** 3) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
	return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}
