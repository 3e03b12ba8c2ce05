// Foundation figures (npm run bench): the session check every request makes, a
// directory search and the sign-in hash, on PGlite or on DATABASE_URL's server.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { hashPassword } from '../../src/lib/server/auth/password';
import {
	createSession,
	generateSessionToken,
	validateSessionToken
} from '../../src/lib/server/auth';
import { person } from '../../src/lib/server/org/schema';
import { searchPeople } from '../../src/lib/server/org';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { measure, printTable } from './measure';

const PEOPLE = 2_000;
let testDb: TestDatabase;
let token: string;

beforeAll(async () => {
	testDb = await createTestDatabase();
	const passwordHash = await hashPassword('benchmark password 1');
	const surnames = ['Rivera', 'Okafor', 'Tanaka', 'Becker'];
	for (let start = 0; start < PEOPLE; start += 500) {
		await testDb.db.insert(person).values(
			Array.from({ length: 500 }, (_, i) => ({
				name: `Person ${start + i} ${surnames[i % 4]}`,
				email: `person${start + i}@bench.test`,
				passwordHash
			}))
		);
	}
	token = generateSessionToken();
	await createSession(token, 1);
}, 120_000);

afterAll(() => testDb?.destroy());

test('foundation figures', async () => {
	const figures = [
		await measure('validateSessionToken (every request)', 2_000, () => validateSessionToken(token)),
		await measure('searchPeople "okafor" (directory)', 300, () =>
			searchPeople({ query: 'okafor' })
		),
		await measure('hashPassword argon2id 19 MiB × 2 (sign-up)', 20, () =>
			hashPassword('another password 2')
		)
	];
	printTable(`Foundation on ${testDb.driver}, ${PEOPLE} people`, figures);
	expect(figures.every((f) => f.runs > 0)).toBe(true);
}, 300_000);
