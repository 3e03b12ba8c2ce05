import { describe, expect, it } from 'vitest';
import { fromZonedInput, toZonedInput } from '../../src/lib/zoned-time';

describe('times typed in the workspace zone', () => {
	it('reads wall-clock time in the zone, across daylight saving', () => {
		expect(fromZonedInput('2026-07-01T09:30', 'Europe/Berlin')?.toISOString()).toBe(
			'2026-07-01T07:30:00.000Z'
		);
		expect(fromZonedInput('2026-12-01T09:30', 'Europe/Berlin')?.toISOString()).toBe(
			'2026-12-01T08:30:00.000Z'
		);
		expect(toZonedInput(new Date('2026-12-01T08:30:00Z'), 'Europe/Berlin')).toBe(
			'2026-12-01T09:30'
		);
	});

	it('refuses what is not a real date and time', () => {
		expect(fromZonedInput('2026-13-45T99:99', 'UTC')).toBeNull();
		expect(fromZonedInput('2026-02-30T10:00', 'UTC')).toBeNull();
		expect(fromZonedInput('tomorrow', 'UTC')).toBeNull();
	});
});
