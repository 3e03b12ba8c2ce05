import { describe, expect, test } from 'vitest';
import { initialsOf } from '../../src/lib/format';

// What an avatar shows: whole characters, never half an emoji.
describe('initialsOf', () => {
	test('first letters of the first two words, upper-cased', () => {
		expect(initialsOf('Maya Okafor')).toBe('MO');
		expect(initialsOf('  chen   wei  lee ')).toBe('CW');
		expect(initialsOf('Priya')).toBe('P');
		expect(initialsOf('')).toBe('');
	});

	test('an emoji, a flag or a family is kept whole', () => {
		expect(initialsOf('🦊 Fox')).toBe('🦊F');
		expect(initialsOf('🇳🇬 Team')).toBe('🇳🇬T');
		expect(initialsOf('👩‍👩‍👧 Family')).toBe('👩‍👩‍👧F');
		// Every result is well-formed text: no lone surrogate halves.
		for (const name of ['🦊 Fox', '🇳🇬 Team', '👩‍👩‍👧 Family'])
			expect(initialsOf(name).isWellFormed()).toBe(true);
	});

	test('a letter with a combining accent stays one letter', () => {
		// "e" + U+0301 (combining acute) is one character to a reader.
		expect(initialsOf('e\u0301lise Martin')).toBe('E\u0301M');
		expect(initialsOf('Ådne Øster')).toBe('ÅØ');
	});
});
