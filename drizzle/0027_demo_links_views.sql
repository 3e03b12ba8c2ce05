CREATE TABLE "demo_recording_view" (
	"demo_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"first_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "demo_recording_view_demo_id_person_id_pk" PRIMARY KEY("demo_id","person_id")
);
--> statement-breakpoint
ALTER TABLE "demo_comment" ADD COLUMN "feature_request_id" integer;--> statement-breakpoint
ALTER TABLE "demo_comment" ADD COLUMN "bug_id" integer;--> statement-breakpoint
ALTER TABLE "demo_comment" ADD COLUMN "bug_bash_id" integer;--> statement-breakpoint
ALTER TABLE "demo_recording_view" ADD CONSTRAINT "demo_recording_view_demo_id_demo_id_fk" FOREIGN KEY ("demo_id") REFERENCES "public"."demo"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demo_recording_view" ADD CONSTRAINT "demo_recording_view_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;