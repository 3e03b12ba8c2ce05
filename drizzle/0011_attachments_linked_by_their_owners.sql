-- bug.escalation_id keeps its foreign key (made in 0008); the schema no longer names it.
CREATE TABLE "bug_attachment" (
	"bug_id" integer NOT NULL,
	"attachment_id" integer NOT NULL,
	CONSTRAINT "bug_attachment_bug_id_attachment_id_pk" PRIMARY KEY("bug_id","attachment_id")
);
--> statement-breakpoint
CREATE TABLE "escalation_attachment" (
	"escalation_id" integer NOT NULL,
	"attachment_id" integer NOT NULL,
	CONSTRAINT "escalation_attachment_escalation_id_attachment_id_pk" PRIMARY KEY("escalation_id","attachment_id")
);
--> statement-breakpoint
ALTER TABLE "attachment" DROP CONSTRAINT "attachment_has_owner";--> statement-breakpoint
ALTER TABLE "attachment" DROP CONSTRAINT "attachment_bug_id_bug_id_fk";
--> statement-breakpoint
ALTER TABLE "attachment" DROP CONSTRAINT "attachment_escalation_id_escalation_id_fk";
--> statement-breakpoint
DROP INDEX "attachment_bug_idx";--> statement-breakpoint
DROP INDEX "attachment_escalation_idx";--> statement-breakpoint
ALTER TABLE "bug_attachment" ADD CONSTRAINT "bug_attachment_bug_id_bug_id_fk" FOREIGN KEY ("bug_id") REFERENCES "public"."bug"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bug_attachment" ADD CONSTRAINT "bug_attachment_attachment_id_attachment_id_fk" FOREIGN KEY ("attachment_id") REFERENCES "public"."attachment"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_attachment" ADD CONSTRAINT "escalation_attachment_escalation_id_escalation_id_fk" FOREIGN KEY ("escalation_id") REFERENCES "public"."escalation"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_attachment" ADD CONSTRAINT "escalation_attachment_attachment_id_attachment_id_fk" FOREIGN KEY ("attachment_id") REFERENCES "public"."attachment"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Each owner now links its files in its own table: copy the old owner columns first.
INSERT INTO "bug_attachment" ("bug_id", "attachment_id") SELECT "bug_id", "id" FROM "attachment" WHERE "bug_id" IS NOT NULL;--> statement-breakpoint
INSERT INTO "escalation_attachment" ("escalation_id", "attachment_id") SELECT "escalation_id", "id" FROM "attachment" WHERE "escalation_id" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "attachment" DROP COLUMN "bug_id";--> statement-breakpoint
ALTER TABLE "attachment" DROP COLUMN "escalation_id";