import { describe, expect, it } from 'vitest';
import { formatMessage } from '../../src/lib/richtext';

describe('kudos messages', () => {
	it('keeps markup as text: a script tag is just characters', () => {
		expect(formatMessage('<script>alert(1)</script> thanks!')).toEqual([
			{ kind: 'text', text: '<script>alert(1)</script> thanks!' }
		]);
	});

	it('links only http(s), never javascript:', () => {
		expect(formatMessage('[click](javascript:alert(1)) and javascript:alert(2)')).toEqual([
			{ kind: 'text', text: '[click](javascript:alert(1)) and javascript:alert(2)' }
		]);
		expect(
			formatMessage('see [the fix](https://git.example.com/pr/12) or https://example.com/a')
		).toEqual([
			{ kind: 'text', text: 'see ' },
			{ kind: 'link', text: 'the fix', href: 'https://git.example.com/pr/12' },
			{ kind: 'text', text: ' or ' },
			{ kind: 'link', text: 'https://example.com/a', href: 'https://example.com/a' }
		]);
	});

	it('understands bold, italic and line breaks', () => {
		expect(formatMessage('**Huge** save,\n_thank you_')).toEqual([
			{ kind: 'bold', text: 'Huge' },
			{ kind: 'text', text: ' save,' },
			{ kind: 'break' },
			{ kind: 'italic', text: 'thank you' }
		]);
		expect(formatMessage('snake_case_name stays')).toEqual([
			{ kind: 'text', text: 'snake_case_name stays' }
		]);
	});
});
