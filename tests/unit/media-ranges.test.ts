import { describe, expect, it } from 'vitest';
import { answerRange, rangeStillValid, videoType } from '../../src/lib/server/media';

describe('answerRange', () => {
	const size = 1000;
	it.each([
		['bytes=100-', { kind: 'partial', range: { start: 100, end: 999 } }],
		['bytes=0-0', { kind: 'partial', range: { start: 0, end: 0 } }],
		['bytes=10-20', { kind: 'partial', range: { start: 10, end: 20 } }],
		['bytes=990-5000', { kind: 'partial', range: { start: 990, end: 999 } }],
		['bytes=-1', { kind: 'partial', range: { start: 999, end: 999 } }],
		['bytes=-5000', { kind: 'partial', range: { start: 0, end: 999 } }],
		['bytes=1000-', { kind: 'unsatisfiable' }],
		['bytes=-0', { kind: 'unsatisfiable' }],
		// Not understood (or several ranges): the whole file, as the standard allows.
		['bytes=20-10', { kind: 'whole' }],
		['bytes=0-1,5-9', { kind: 'whole' }],
		['items=0-10', { kind: 'whole' }],
		['bytes=-', { kind: 'whole' }],
		['bytes=1e3-', { kind: 'whole' }]
	])('%s', (header, answer) => {
		expect(answerRange(header, size)).toEqual(answer);
	});

	it('sends the whole file without a header, and nothing is satisfiable in an empty one', () => {
		expect(answerRange(null, size)).toEqual({ kind: 'whole' });
		expect(answerRange('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
	});

	it('honours a range only for the same strong ETag', () => {
		expect(rangeStillValid(null, '"a"')).toBe(true);
		expect(rangeStillValid('"a"', '"a"')).toBe(true);
		expect(rangeStillValid('W/"a"', '"a"')).toBe(false);
		expect(rangeStillValid('Tue, 01 Dec 2026 10:00:00 GMT', '"a"')).toBe(false);
	});
});

describe('videoType', () => {
	it('knows WebM/Matroska and MP4 by their first bytes, and nothing else', () => {
		expect(videoType(new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 1, 2]))).toBe('video/webm');
		const mp4 = new Uint8Array([0, 0, 0, 0x20, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d]);
		expect(videoType(mp4)).toBe('video/mp4');
		expect(videoType(new TextEncoder().encode('<html>video</html>'))).toBeNull();
		expect(videoType(new Uint8Array([0x89, 0x50, 0x4e, 0x47]))).toBeNull();
		expect(videoType(new Uint8Array())).toBeNull();
	});
});
