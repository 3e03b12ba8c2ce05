ALTER TABLE "team" DROP CONSTRAINT "team_name_unique";--> statement-breakpoint
CREATE UNIQUE INDEX "team_name_lower_unique" ON "team" USING btree (lower("name"));