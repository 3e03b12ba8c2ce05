// The standard report format: the fields a bug and an escalation both carry, so support,
// QA and engineering describe a problem the same way wherever it starts.
import { z } from 'zod';
import '$lib/validation';

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const SEVERITY_LABELS: Record<Severity, string> = {
	critical: 'Critical',
	high: 'High',
	medium: 'Medium',
	low: 'Low'
};

/**
 * The report's fields with their messages. `thing` names what is described ("the bug",
 * "the problem") and `expecter` who expected something ("you", "the customer").
 */
export function reportFields(thing: string, expecter: string) {
	return {
		title: z
			.string()
			.trim()
			.min(5, `Describe ${thing} in a few words (at least 5 characters).`)
			.max(200, 'Keep the title under 200 characters.'),
		steps: z
			.string()
			.trim()
			.min(5, 'List the steps to reproduce.')
			.max(10_000, 'Keep the steps under 10,000 characters.'),
		expected: z
			.string()
			.trim()
			.min(1, `Say what ${expecter} expected.`)
			.max(4000, 'Keep the expected result under 4,000 characters.'),
		actual: z
			.string()
			.trim()
			.min(1, 'Say what happened instead.')
			.max(4000, 'Keep the actual result under 4,000 characters.'),
		environment: z
			.string()
			.trim()
			.max(1000, 'Keep the environment under 1,000 characters.')
			.default(''),
		severity: z.enum(SEVERITIES, { error: 'Choose a severity.' })
	};
}
