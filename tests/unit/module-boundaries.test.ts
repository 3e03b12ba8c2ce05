// The lint rule that keeps modules apart: what it refuses and what it lets through.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { problemOf } from '../../tools/module-boundaries.js';

const root = resolve('/repo');
const file = (path: string) => resolve(root, path);
const check = (spec: string, importer: string): string | null =>
	problemOf(spec, file(importer), root);

describe('module boundaries', () => {
	it("refuses another module's internals, from a route or another module", () => {
		expect(check('$lib/server/kudos/service', 'src/routes/(app)/kudos/+page.server.ts')).toMatch(
			"Import the kudos module through its index ('$lib/server/kudos')"
		);
		expect(check('../escalations/queries', 'src/lib/server/bugbash/promote.ts')).toMatch(
			'escalations module through its index'
		);
	});

	it("lets a module use its own files and another's index", () => {
		expect(check('./triage', 'src/lib/server/bugbash/promote.ts')).toBeNull();
		expect(check('../escalations', 'src/lib/server/bugbash/promote.ts')).toBeNull();
		expect(check('$lib/server/kudos/index', 'src/routes/(app)/kudos/+page.server.ts')).toBeNull();
		expect(check('$lib/server/modules', 'src/hooks.server.ts')).toBeNull();
	});

	it('lets a schema name another schema for foreign keys, and nothing else does', () => {
		expect(check('../org/schema', 'src/lib/server/kudos/schema.ts')).toBeNull();
		expect(check('../org/schema', 'src/lib/server/kudos/queries.ts')).toMatch('org module');
	});

	it('keeps the database layer free of modules', () => {
		expect(check('../kudos', 'src/lib/server/db/client.ts')).toBe(
			'The database layer imports no module (../kudos).'
		);
		expect(check('./prepared', 'src/lib/server/db/client.ts')).toBeNull();
	});

	it('ignores packages and browser code', () => {
		expect(check('drizzle-orm', 'src/lib/server/kudos/service.ts')).toBeNull();
		expect(check('$lib/report', 'src/lib/server/kudos/service.ts')).toBeNull();
	});
});
