-- Trigram similarity powers duplicate detection (bug bash) and directory search.
-- pg_trgm is a trusted extension: a database owner may create it without superuser.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS person_name_trgm_idx ON person USING gin (name gin_trgm_ops);
