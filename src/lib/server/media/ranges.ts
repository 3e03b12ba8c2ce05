// HTTP byte ranges (RFC 9110 §14) for seeking in a video: one range per request, which is
// what every browser's media element asks for. Pure, so every case is tested directly.
import type { ByteRange } from './storage';

export type RangeAnswer =
	{ kind: 'whole' } | { kind: 'partial'; range: ByteRange } | { kind: 'unsatisfiable' };

/**
 * What to send for a `Range` header on a file of `size` bytes: `bytes=100-` (open),
 * `bytes=0-499` (closed, an end past the file is cut to it), `bytes=-500` (the last 500).
 * A header we do not understand, or several ranges, gets the whole file, as the standard
 * allows; a range that starts past the end is unsatisfiable (416).
 */
export function answerRange(header: string | null, size: number): RangeAnswer {
	if (!header) return { kind: 'whole' };
	const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
	if (!match || (match[1] === '' && match[2] === '')) return { kind: 'whole' };
	const [first, last] = [match[1], match[2]];
	if (first === '') {
		const suffix = Number(last);
		if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
		return { kind: 'partial', range: { start: Math.max(0, size - suffix), end: size - 1 } };
	}
	const start = Number(first);
	const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
	if (last !== '' && Number(last) < start) return { kind: 'whole' };
	if (start >= size) return { kind: 'unsatisfiable' };
	return { kind: 'partial', range: { start, end } };
}

/** `If-Range` holds the ETag the client saw: a range is only honoured if the file is the same. */
export function rangeStillValid(ifRange: string | null, etag: string): boolean {
	if (!ifRange) return true;
	// A weak or date validator never matches a strong comparison: send the whole file.
	return ifRange.trim() === etag;
}
