import { describe, expect, it } from 'vitest';
import { formatMessage, mentionsIn } from '../../src/lib/richtext';

describe('rich text for comments and kudos', () => {
	it('understands code, starred italics and mentions', () => {
		expect(formatMessage('run `npm test` *now* @maya.okafor.')).toEqual([
			{ kind: 'text', text: 'run ' },
			{ kind: 'code', text: 'npm test' },
			{ kind: 'text', text: ' ' },
			{ kind: 'italic', text: 'now' },
			{ kind: 'text', text: ' ' },
			{ kind: 'mention', text: '@maya.okafor' },
			{ kind: 'text', text: '.' }
		]);
	});

	it('leaves arithmetic, email addresses and markup inside code as text', () => {
		expect(formatMessage('2 * 3 * 4 by maya@x.test')).toEqual([
			{ kind: 'text', text: '2 * 3 * 4 by maya@x.test' }
		]);
		expect(formatMessage('`<script>`')).toEqual([{ kind: 'code', text: '<script>' }]);
	});

	it('finds each mentioned handle once, lower-cased', () => {
		expect(mentionsIn('@Maya and @maya, @sam.lee; mail a@b.c')).toEqual(['maya', 'sam.lee']);
	});
});
