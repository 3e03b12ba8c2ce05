ALTER TABLE "escalation" DROP CONSTRAINT "escalation_bugId_unique";--> statement-breakpoint
ALTER TABLE "escalation" DROP CONSTRAINT "escalation_bug_id_bug_id_fk";
--> statement-breakpoint
ALTER TABLE "bug" ADD COLUMN "escalation_id" integer;--> statement-breakpoint
ALTER TABLE "bug" ADD CONSTRAINT "bug_escalation_id_escalation_id_fk" FOREIGN KEY ("escalation_id") REFERENCES "public"."escalation"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
-- The link moves to the bug (the bug bash depends on escalations, not the other way round): copy it before the old column goes.
UPDATE "bug" SET "escalation_id" = e."id" FROM "escalation" e WHERE e."bug_id" = "bug"."id";--> statement-breakpoint
ALTER TABLE "escalation" DROP COLUMN "bug_id";--> statement-breakpoint
ALTER TABLE "bug" ADD CONSTRAINT "bug_escalationId_unique" UNIQUE("escalation_id");