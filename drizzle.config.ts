import { defineConfig } from 'drizzle-kit';

// drizzle-kit only reads the schema to generate SQL migrations into drizzle/;
// the app applies them itself at start-up (src/lib/server/db/migrate.ts).
export default defineConfig({
	dialect: 'postgresql',
	// Every module keeps its tables in its own schema.ts.
	schema: './src/lib/server/*/schema.ts',
	out: './drizzle',
	casing: 'snake_case'
});
