// Every zod schema the app exports for forms and sockets, fed empty and hostile input: no
// message a person could see may read like zod's own ("Too small: expected number to be
// >0"). Schemas are found by walking the modules, so a new schema is checked without
// being listed here.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RAW_ZOD_MESSAGE } from '../../src/lib/validation';

const modules = import.meta.glob<Record<string, unknown>>(
	['../../src/lib/**/schemas.ts', '../../src/lib/ids.ts', '../../src/lib/report.ts'],
	{ eager: true }
);

const HOSTILE: unknown[] = [
	undefined,
	null,
	'',
	'   ',
	'x'.repeat(20_000),
	'<script>alert(1)</script>',
	'abc',
	-1,
	0,
	1.5,
	1e12,
	Number.NaN,
	true,
	[],
	{},
	['a'],
	new Date('nonsense')
];

/** The inputs for one schema: each hostile value as a whole, and in every field at once. */
function inputsFor(schema: z.ZodType): unknown[] {
	const inputs = [...HOSTILE];
	const shape = (schema as { shape?: Record<string, unknown> }).shape;
	if (shape) {
		for (const value of HOSTILE) {
			inputs.push(Object.fromEntries(Object.keys(shape).map((key) => [key, value])));
		}
	}
	return inputs;
}

const schemas = Object.entries(modules).flatMap(([file, exports]) =>
	Object.entries(exports)
		.filter(([, value]) => value instanceof z.ZodType)
		.map(([name, value]) => ({
			name: `${file.replace('../../src/', '')} ${name}`,
			schema: value as z.ZodType
		}))
);

describe('validation messages', () => {
	it('finds the app’s schemas', () => {
		expect(schemas.length).toBeGreaterThan(15);
	});

	it.each(schemas)('$name words every refusal for a person', ({ schema }) => {
		const raw: string[] = [];
		let refusals = 0;
		for (const input of inputsFor(schema)) {
			const result = schema.safeParse(input);
			if (result.success) continue;
			for (const issue of result.error.issues) {
				refusals++;
				if (RAW_ZOD_MESSAGE.test(issue.message))
					raw.push(`${issue.path.join('.')}: ${issue.message}`);
			}
		}
		expect(refusals).toBeGreaterThan(0);
		expect([...new Set(raw)]).toEqual([]);
	});
});
