CREATE TABLE "hackathon_reveal" (
	"hackathon_id" integer PRIMARY KEY NOT NULL,
	"revealed_by_id" integer NOT NULL,
	"revealed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"steps" jsonb NOT NULL,
	"ranking" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "hackathon_reveal" ADD CONSTRAINT "hackathon_reveal_hackathon_id_hackathon_id_fk" FOREIGN KEY ("hackathon_id") REFERENCES "public"."hackathon"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_reveal" ADD CONSTRAINT "hackathon_reveal_revealed_by_id_person_id_fk" FOREIGN KEY ("revealed_by_id") REFERENCES "public"."person"("id") ON DELETE restrict ON UPDATE no action;