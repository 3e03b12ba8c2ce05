import { describe, expect, it } from 'vitest';
import { MAX_ID, parseId } from '../../src/lib/ids';

describe('parseId', () => {
	it('accepts whole numbers within the integer column', () => {
		expect(parseId('42')).toBe(42);
		expect(parseId(7)).toBe(7);
		expect(parseId(String(MAX_ID))).toBe(MAX_ID);
	});

	it('refuses what would fail in SQL', () => {
		for (const bad of ['', '0', '-1', '1.5', 'NaN', '1e3', 'Infinity', '99999999999', null, {}]) {
			expect(parseId(bad)).toBeNull();
		}
		expect(parseId(String(MAX_ID + 1))).toBeNull();
	});
});
