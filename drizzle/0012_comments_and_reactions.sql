CREATE TYPE "public"."reaction_kind" AS ENUM('heart', 'clap', 'tada', 'rocket', 'star');--> statement-breakpoint
CREATE TABLE "comment" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "comment_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"subject_kind" text NOT NULL,
	"subject_id" integer NOT NULL,
	"author_id" integer NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"edited_at" timestamp with time zone,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "comment_subject_kind_format" CHECK ("comment"."subject_kind" ~ '^[a-z][a-z_]{0,39}$'),
	CONSTRAINT "comment_body_while_standing" CHECK (case when "comment"."deleted_at" is null then length(trim("comment"."body")) > 0 else "comment"."body" = '' end)
);
--> statement-breakpoint
CREATE TABLE "reaction" (
	"subject_kind" text NOT NULL,
	"subject_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"kind" "reaction_kind" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reaction_subject_kind_subject_id_person_id_kind_pk" PRIMARY KEY("subject_kind","subject_id","person_id","kind"),
	CONSTRAINT "reaction_subject_kind_format" CHECK ("reaction"."subject_kind" ~ '^[a-z][a-z_]{0,39}$')
);
--> statement-breakpoint
ALTER TABLE "comment" ADD CONSTRAINT "comment_author_id_person_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."person"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reaction" ADD CONSTRAINT "reaction_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "comment_subject_idx" ON "comment" USING btree ("subject_kind","subject_id","created_at","id");--> statement-breakpoint
CREATE INDEX "comment_author_idx" ON "comment" USING btree ("author_id");--> statement-breakpoint
CREATE INDEX "reaction_person_idx" ON "reaction" USING btree ("person_id");--> statement-breakpoint
-- Bug and escalation comments move into the one comment table, in the order they were
-- written (authors and times kept). legacy_id remembers each old id for the fixes below.
ALTER TABLE "comment" ADD COLUMN "legacy_id" integer;--> statement-breakpoint
INSERT INTO "comment" ("subject_kind", "subject_id", "author_id", "body", "created_at", "legacy_id")
SELECT "subject_kind", "subject_id", "author_id", "body", "created_at", "legacy_id" FROM (
	SELECT 'bug' AS "subject_kind", "bug_id" AS "subject_id", "author_id", "body", "created_at", "id" AS "legacy_id" FROM "bug_comment"
	UNION ALL
	SELECT 'escalation', "escalation_id", "author_id", "body", "created_at", "id" FROM "escalation_comment"
) "old" ORDER BY "created_at", "subject_kind", "legacy_id";--> statement-breakpoint
-- The room logs and the escalation history name comments by id: point them at the new ones.
UPDATE "room_event" "e" SET "payload" = "e"."payload" || jsonb_build_object('commentId', "c"."id", 'subjectKind', 'bug', 'subjectId', "c"."subject_id")
FROM "comment" "c"
WHERE "e"."type" = 'bug.commented' AND "c"."subject_kind" = 'bug' AND "e"."payload" ? 'commentId'
	AND "c"."legacy_id" = ("e"."payload" ->> 'commentId')::integer;--> statement-breakpoint
UPDATE "room_event" "e" SET "payload" = ("e"."payload" - 'id') || jsonb_build_object('commentId', "c"."id", 'subjectKind', 'escalation', 'subjectId', "c"."subject_id")
FROM "comment" "c"
WHERE "e"."type" = 'escalation.commented' AND "c"."subject_kind" = 'escalation' AND "e"."payload" ? 'id'
	AND "c"."legacy_id" = ("e"."payload" ->> 'id')::integer;--> statement-breakpoint
UPDATE "escalation_history" "h" SET "to_value" = "c"."id"::text
FROM "comment" "c"
WHERE "h"."change" = 'comment' AND "c"."subject_kind" = 'escalation'
	AND "c"."subject_id" = "h"."escalation_id" AND "c"."legacy_id"::text = "h"."to_value";--> statement-breakpoint
ALTER TABLE "comment" DROP COLUMN "legacy_id";--> statement-breakpoint
-- Kudos reactions move into the one reaction table.
INSERT INTO "reaction" ("subject_kind", "subject_id", "person_id", "kind", "created_at")
SELECT 'kudos', "kudos_id", "person_id", "emoji"::text::"reaction_kind", "created_at" FROM "kudos_reaction";
