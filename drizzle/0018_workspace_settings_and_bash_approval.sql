CREATE TYPE "public"."bash_approval" AS ENUM('approved', 'pending', 'declined');--> statement-breakpoint
CREATE TABLE "holiday" (
	"day" date PRIMARY KEY NOT NULL,
	"label" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "holiday_label_not_blank" CHECK (length(trim("holiday"."label")) > 0)
);
--> statement-breakpoint
ALTER TABLE "bug_bash" ADD COLUMN "approval" "bash_approval" DEFAULT 'approved' NOT NULL;--> statement-breakpoint
ALTER TABLE "bug_bash" ADD COLUMN "approval_by_id" integer;--> statement-breakpoint
ALTER TABLE "bug_bash" ADD COLUMN "approval_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "workspace" ADD COLUMN "settings_saved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "workspace" ADD COLUMN "business_hours" jsonb DEFAULT '[{"weekday":1,"startMinute":540,"endMinute":1020},{"weekday":2,"startMinute":540,"endMinute":1020},{"weekday":3,"startMinute":540,"endMinute":1020},{"weekday":4,"startMinute":540,"endMinute":1020},{"weekday":5,"startMinute":540,"endMinute":1020}]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "workspace" ADD COLUMN "bash_points_cap" integer DEFAULT 10 NOT NULL;--> statement-breakpoint
ALTER TABLE "workspace" ADD COLUMN "bash_first_bonus_cap" integer DEFAULT 5 NOT NULL;--> statement-breakpoint
ALTER TABLE "workspace" ADD COLUMN "checklist_dismissed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "bug_bash" ADD CONSTRAINT "bug_bash_approval_by_id_person_id_fk" FOREIGN KEY ("approval_by_id") REFERENCES "public"."person"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bug_bash_approval_idx" ON "bug_bash" USING btree ("approval");--> statement-breakpoint
ALTER TABLE "workspace" ADD CONSTRAINT "workspace_bash_caps" CHECK ("workspace"."bash_points_cap" between 0 and 100 and "workspace"."bash_first_bonus_cap" between 0 and 100);