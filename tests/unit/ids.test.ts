import { describe, expect, it } from 'vitest';
import { idField, MAX_ID, parseId, postedId, routeId } from '../../src/lib/ids';
import { match } from '../../src/params/id';

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

describe('one rule for ids in routes, forms and payloads', () => {
	const notIds = [' 7', '7 ', '+7', '007', '0x10', '7.0', '1_000', '٣', ''];

	it('refuses what is not written plainly, so one row has one address', () => {
		for (const bad of notIds) expect(parseId(bad), JSON.stringify(bad)).toBeNull();
	});

	it('is the route matcher: /bugbash/007 and /bugbash/1e3 are not routes', () => {
		expect(match('42')).toBe(true);
		expect(match(String(MAX_ID))).toBe(true);
		for (const bad of [...notIds, '1e3', 'abc', String(MAX_ID + 1)]) {
			expect(match(bad), JSON.stringify(bad)).toBe(false);
		}
	});

	it('turns a matched parameter into its number, and calls a missing matcher a bug', () => {
		expect(routeId('42')).toBe(42);
		expect(() => routeId('abc')).toThrow(/add =id to its folder/);
	});

	it('posted ids (buttons, sockets) and superforms id fields keep the same bounds', () => {
		const posted = postedId('Choose one.');
		expect(posted.parse('42')).toBe(42);
		expect(posted.parse(42)).toBe(42);
		for (const bad of ['abc', '1.5', '99999999999', -1, 1.5, null]) {
			expect(posted.safeParse(bad).error?.issues[0].message).toBe('Choose one.');
		}
		const field = idField('Choose a person.');
		expect(field.parse(MAX_ID)).toBe(MAX_ID);
		for (const bad of [0, -1, 1.5, MAX_ID + 1, Number.NaN]) {
			expect(field.safeParse(bad).error?.issues[0].message).toBe('Choose a person.');
		}
	});
});
