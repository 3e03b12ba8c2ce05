CREATE TABLE "raci_team_column" (
	"team_id" integer PRIMARY KEY NOT NULL,
	"added_by_id" integer,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "raci_assignment" DROP CONSTRAINT "raci_assignment_activity_id_department_id_role_pk";--> statement-breakpoint
ALTER TABLE "raci_assignment" ALTER COLUMN "department_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "raci_change" ALTER COLUMN "activity_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "raci_assignment" ADD COLUMN "id" integer PRIMARY KEY NOT NULL GENERATED ALWAYS AS IDENTITY (sequence name "raci_assignment_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1);--> statement-breakpoint
ALTER TABLE "raci_assignment" ADD COLUMN "team_id" integer;--> statement-breakpoint
ALTER TABLE "raci_team_column" ADD CONSTRAINT "raci_team_column_team_id_team_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."team"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "raci_team_column" ADD CONSTRAINT "raci_team_column_added_by_id_person_id_fk" FOREIGN KEY ("added_by_id") REFERENCES "public"."person"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "raci_assignment" ADD CONSTRAINT "raci_assignment_team_id_raci_team_column_team_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."raci_team_column"("team_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "raci_assignment_department_unique" ON "raci_assignment" USING btree ("activity_id","department_id","role") WHERE "raci_assignment"."department_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "raci_assignment_team_unique" ON "raci_assignment" USING btree ("activity_id","team_id","role") WHERE "raci_assignment"."team_id" is not null;--> statement-breakpoint
CREATE INDEX "raci_assignment_team_idx" ON "raci_assignment" USING btree ("team_id");--> statement-breakpoint
ALTER TABLE "raci_assignment" ADD CONSTRAINT "raci_assignment_one_column" CHECK (("raci_assignment"."department_id" is null) <> ("raci_assignment"."team_id" is null));