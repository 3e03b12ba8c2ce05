import { describe, expect, it } from 'vitest';
import { listHref } from '../../src/lib/params';

describe('a filtered list keeps a short address', () => {
	it('leaves the plain list plain', () => {
		expect(listHref('/escalations', { status: '', page: '' })).toBe('/escalations');
	});

	it('keeps the filters that are set, encoded, and drops the defaults', () => {
		expect(
			listHref('/requests', { sort: 'arr', area: 'Billing & invoices', page: '2' }, { sort: 'arr' })
		).toBe('/requests?area=Billing%20%26%20invoices&page=2');
		expect(listHref('/requests', { sort: 'customers' }, { sort: 'arr' })).toBe(
			'/requests?sort=customers'
		);
	});
});
