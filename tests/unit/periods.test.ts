import { describe, expect, it } from 'vitest';
import { hasRunThrough } from '../../src/lib/server/ledger';
import {
	isoWeek,
	isTimeZone,
	localDate,
	periodKey,
	periodKeys,
	weekNumber
} from '../../src/lib/server/ledger/periods';

const at = (iso: string) => new Date(iso);

describe('periodKeys', () => {
	it('gives week, month, season and all in UTC', () => {
		expect(periodKeys(at('2026-11-18T12:00:00Z'), 'UTC')).toEqual({
			week: '2026-W47',
			month: '2026-11',
			season: '2026-Q4',
			all: 'all'
		});
	});

	it('counts in the zone: late on 30 November UTC is already December in Berlin', () => {
		const moment = at('2026-11-30T23:30:00Z');
		expect(periodKeys(moment, 'UTC')).toMatchObject({ month: '2026-11', week: '2026-W49' });
		expect(periodKeys(moment, 'Europe/Berlin')).toMatchObject({
			month: '2026-12',
			season: '2026-Q4',
			week: '2026-W49'
		});
	});

	it('moves to the next week on Monday in the zone, not in UTC', () => {
		// Sunday 22:30 UTC = Monday 07:30 in Tokyo, Sunday 17:30 in New York.
		const moment = at('2026-11-22T22:30:00Z');
		expect(periodKey('week', moment, 'UTC')).toBe('2026-W47');
		expect(periodKey('week', moment, 'Asia/Tokyo')).toBe('2026-W48');
		expect(periodKey('week', moment, 'America/New_York')).toBe('2026-W47');
	});

	it('changes season at a quarter boundary in the zone', () => {
		// 1 April 00:30 in Berlin (summer time) is still 31 March in UTC.
		const moment = at('2026-03-31T22:30:00Z');
		expect(periodKey('season', moment, 'UTC')).toBe('2026-Q1');
		expect(periodKey('season', moment, 'Europe/Berlin')).toBe('2026-Q2');
	});

	it('puts the last days of December in week 53 of 2026 and early January too', () => {
		expect(periodKey('week', at('2026-12-31T12:00:00Z'), 'UTC')).toBe('2026-W53');
		expect(periodKey('week', at('2027-01-01T12:00:00Z'), 'UTC')).toBe('2026-W53');
		expect(periodKey('week', at('2027-01-03T12:00:00Z'), 'UTC')).toBe('2026-W53');
		expect(periodKey('week', at('2027-01-04T12:00:00Z'), 'UTC')).toBe('2027-W01');
		// ...while the month and season are already 2027's.
		expect(periodKeys(at('2027-01-01T12:00:00Z'), 'UTC')).toMatchObject({
			month: '2027-01',
			season: '2027-Q1'
		});
	});

	it('puts early January in the previous ISO year or late December in the next', () => {
		expect(isoWeek({ year: 2021, month: 1, day: 3 })).toEqual({ year: 2020, week: 53 });
		expect(isoWeek({ year: 2024, month: 12, day: 30 })).toEqual({ year: 2025, week: 1 });
		expect(isoWeek({ year: 2026, month: 1, day: 1 })).toEqual({ year: 2026, week: 1 });
		expect(isoWeek({ year: 2025, month: 12, day: 29 })).toEqual({ year: 2026, week: 1 });
		expect(isoWeek({ year: 2026, month: 12, day: 28 })).toEqual({ year: 2026, week: 53 });
	});

	it('crosses the year in the zone: New Year in Auckland is still 2026 in UTC', () => {
		const moment = at('2026-12-31T12:00:00Z'); // 1 January 01:00 in Auckland
		expect(localDate(moment, 'Pacific/Auckland')).toEqual({ year: 2027, month: 1, day: 1 });
		expect(periodKeys(moment, 'Pacific/Auckland')).toEqual({
			week: '2026-W53',
			month: '2027-01',
			season: '2027-Q1',
			all: 'all'
		});
	});

	it('agrees with a day-by-day walk of ISO weeks over several years', () => {
		let expected = { year: 2019, week: 52 }; // 2019-12-23 is a Monday in week 52
		for (let day = Date.UTC(2019, 11, 23); day < Date.UTC(2031, 0, 1); day += 86_400_000) {
			const date = new Date(day);
			const local = localDate(date, 'UTC');
			if (date.getUTCDay() === 1 && day !== Date.UTC(2019, 11, 23)) {
				const thursday = new Date(day + 3 * 86_400_000);
				const year = thursday.getUTCFullYear();
				expected = year === expected.year ? { year, week: expected.week + 1 } : { year, week: 1 };
			}
			expect(isoWeek(local)).toEqual(expected);
		}
	});
});

describe('weekNumber', () => {
	it('is one apart for consecutive weeks, across a year end', () => {
		const w53 = weekNumber({ year: 2026, month: 12, day: 31 });
		expect(weekNumber({ year: 2027, month: 1, day: 3 })).toBe(w53); // same ISO week
		expect(weekNumber({ year: 2027, month: 1, day: 4 })).toBe(w53 + 1); // Monday
		expect(weekNumber({ year: 2026, month: 12, day: 27 })).toBe(w53 - 1); // Sunday before
	});

	it('finds a run of weeks through a given week', () => {
		expect(hasRunThrough(new Set([1, 2, 3]), 3, 3)).toBe(true);
		expect(hasRunThrough(new Set([1, 2, 3]), 2, 3)).toBe(true);
		expect(hasRunThrough(new Set([1, 3, 4]), 4, 3)).toBe(false);
		expect(hasRunThrough(new Set([5, 6, 7, 9]), 9, 3)).toBe(false);
	});
});

describe('isTimeZone', () => {
	it('knows IANA zones and refuses others', () => {
		expect(isTimeZone('Europe/Berlin')).toBe(true);
		expect(isTimeZone('Mars/Olympus')).toBe(false);
	});
});
