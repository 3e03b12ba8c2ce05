import { defineConfig } from 'drizzle-kit';

// drizzle-kit only reads the schema to generate SQL migrations into drizzle/;
// the app applies them itself at start-up (src/lib/server/db/migrate.ts).
export default defineConfig({
	dialect: 'postgresql',
	schema: './src/lib/server/db/schema/index.ts',
	out: './drizzle',
	casing: 'snake_case'
});
