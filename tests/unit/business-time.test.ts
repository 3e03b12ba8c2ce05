import { describe, expect, it } from 'vitest';
import {
	addBusinessMinutes,
	businessMinutesBetween,
	standardCalendar,
	type BusinessCalendar
} from '../../src/lib/business-time';

const at = (iso: string) => new Date(iso);
const london = standardCalendar('Europe/London');
const newYork = standardCalendar('America/New_York');
const allDay = (timeZone: string): BusinessCalendar => ({
	timeZone,
	hours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, startMinute: 0, endMinute: 1440 })),
	holidays: []
});

describe('business minutes between two instants', () => {
	it('skips the weekend, in London local time either side of the spring change', () => {
		// Fri 27 Mar 16:00 GMT → Mon 30 Mar 10:00 BST (clocks went forward on Sunday 29th).
		expect(businessMinutesBetween(at('2026-03-27T16:00Z'), at('2026-03-30T09:00Z'), london)).toBe(
			120
		);
	});

	it('counts the minutes that really passed on the days the clocks change', () => {
		// London's spring day is 23 hours long, New York's autumn day 25.
		expect(
			businessMinutesBetween(
				at('2026-03-29T00:00Z'),
				at('2026-03-29T23:00Z'),
				allDay('Europe/London')
			)
		).toBe(23 * 60);
		expect(
			businessMinutesBetween(
				at('2026-11-01T04:00Z'),
				at('2026-11-02T05:00Z'),
				allDay('America/New_York')
			)
		).toBe(25 * 60);
	});

	it('keeps 09:00 local as the start of work after each change', () => {
		// New York springs forward on 8 March: Monday 09:00 EDT is 13:00Z.
		expect(businessMinutesBetween(at('2026-03-06T21:30Z'), at('2026-03-09T13:30Z'), newYork)).toBe(
			60
		);
		// London falls back on 25 October: Monday 09:00 GMT is 09:00Z.
		expect(businessMinutesBetween(at('2026-10-23T15:00Z'), at('2026-10-26T10:00Z'), london)).toBe(
			120
		);
		// New York falls back on 1 November: Monday 09:00 EST is 14:00Z.
		expect(businessMinutesBetween(at('2026-10-30T20:00Z'), at('2026-11-02T14:30Z'), newYork)).toBe(
			90
		);
	});

	it('leaves out holidays and the gaps between several spans a day', () => {
		const split: BusinessCalendar = {
			timeZone: 'UTC',
			hours: [
				{ weekday: 1, startMinute: 13 * 60, endMinute: 17 * 60 },
				{ weekday: 1, startMinute: 9 * 60, endMinute: 12 * 60 }
			],
			holidays: ['2026-12-07']
		};
		expect(businessMinutesBetween(at('2026-11-30T11:00Z'), at('2026-11-30T14:00Z'), split)).toBe(
			120
		);
		// The next Monday is a holiday: a fortnight holds one working Monday.
		expect(businessMinutesBetween(at('2026-11-30T00:00Z'), at('2026-12-14T00:00Z'), split)).toBe(
			7 * 60
		);
	});

	it('is zero for an empty or reversed interval and counts whole minutes', () => {
		expect(businessMinutesBetween(at('2026-11-30T10:00Z'), at('2026-11-30T10:00Z'), london)).toBe(
			0
		);
		expect(businessMinutesBetween(at('2026-11-30T11:00Z'), at('2026-11-30T10:00Z'), london)).toBe(
			0
		);
		expect(
			businessMinutesBetween(at('2026-11-30T10:00:00Z'), at('2026-11-30T10:01:59Z'), london)
		).toBe(1);
	});
});

describe('due times in business minutes', () => {
	it('carries over the weekend and across the spring change', () => {
		expect(addBusinessMinutes(at('2026-03-06T21:30Z'), 60, newYork)?.toISOString()).toBe(
			'2026-03-09T13:30:00.000Z'
		);
		expect(addBusinessMinutes(at('2026-03-27T16:00Z'), 120, london)?.toISOString()).toBe(
			'2026-03-30T09:00:00.000Z'
		);
	});

	it('carries over holidays and starts counting when work starts', () => {
		const christmas = { ...london, holidays: ['2026-12-25', '2026-12-28'] };
		expect(addBusinessMinutes(at('2026-12-24T16:00Z'), 120, christmas)?.toISOString()).toBe(
			'2026-12-29T10:00:00.000Z'
		);
		expect(addBusinessMinutes(at('2026-11-28T12:00Z'), 30, london)?.toISOString()).toBe(
			'2026-11-30T09:30:00.000Z'
		);
	});

	it('agrees with the count, minute for minute, across a year in both zones', () => {
		for (const calendar of [london, newYork]) {
			let from = at('2026-01-01T07:13Z');
			for (let i = 0; i < 200; i++) {
				const minutes = (i * 97) % 1_500;
				const due = addBusinessMinutes(from, minutes, calendar)!;
				expect(businessMinutesBetween(from, due, calendar)).toBe(minutes);
				from = new Date(from.getTime() + 43 * 3_600_000 + 7 * 60_000);
			}
		}
	});

	it('has no due time in a calendar without working hours', () => {
		expect(addBusinessMinutes(at('2026-11-30T10:00Z'), 10, { ...london, hours: [] })).toBeNull();
	});
});
