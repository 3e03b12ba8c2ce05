import { sql } from 'drizzle-orm';
import { QueryBuilder } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { qualified } from '../../src/lib/server/db/client';
import { bug, bugBash } from '../../src/lib/server/bugbash/schema';

describe('qualified', () => {
	const qb = new QueryBuilder({ casing: 'snake_case' });

	it('keeps the outer table name in a single-table select, where drizzle drops it', () => {
		const bare = qb
			.select({ n: sql`(select count(*) from ${bug} b where b.bash_id = ${bugBash.id})` })
			.from(bugBash)
			.toSQL().sql;
		expect(bare).toContain('b.bash_id = "id"');
		const fixed = qb
			.select({
				n: sql`(select count(*) from ${bug} b where b.bash_id = ${qualified(bugBash.id)})`
			})
			.from(bugBash)
			.toSQL().sql;
		expect(fixed).toContain('b.bash_id = "bug_bash"."id"');
	});
});
