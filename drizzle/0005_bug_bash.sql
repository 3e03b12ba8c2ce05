CREATE TYPE "public"."bug_bash_state" AS ENUM('scheduled', 'live', 'ended');--> statement-breakpoint
CREATE TYPE "public"."bug_severity" AS ENUM('critical', 'high', 'medium', 'low');--> statement-breakpoint
CREATE TYPE "public"."bug_status" AS ENUM('new', 'accepted', 'duplicate', 'not_a_bug', 'escalated');--> statement-breakpoint
CREATE TABLE "bug" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "bug_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"bash_id" integer NOT NULL,
	"reporter_id" integer NOT NULL,
	"client_key" text NOT NULL,
	"title" text NOT NULL,
	"area" text NOT NULL,
	"severity" "bug_severity" NOT NULL,
	"steps" text NOT NULL,
	"expected" text NOT NULL,
	"actual" text NOT NULL,
	"environment" text DEFAULT '' NOT NULL,
	"status" "bug_status" DEFAULT 'new' NOT NULL,
	"duplicate_of_id" integer,
	"not_a_bug_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bug_reporter_client_key" UNIQUE("reporter_id","client_key"),
	CONSTRAINT "bug_title_not_blank" CHECK (length(trim("bug"."title")) > 0),
	CONSTRAINT "bug_duplicate_has_original" CHECK (("bug"."status" = 'duplicate') = ("bug"."duplicate_of_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "bug_bash" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "bug_bash_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"title" text NOT NULL,
	"feature" text NOT NULL,
	"charter" text DEFAULT '' NOT NULL,
	"areas" text[] DEFAULT '{}'::text[] NOT NULL,
	"environment_url" text,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"state" "bug_bash_state" DEFAULT 'scheduled' NOT NULL,
	"scoring" jsonb NOT NULL,
	"created_by_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	CONSTRAINT "bug_bash_ends_after_start" CHECK ("bug_bash"."ends_at" > "bug_bash"."starts_at"),
	CONSTRAINT "bug_bash_title_not_blank" CHECK (length(trim("bug_bash"."title")) > 0)
);
--> statement-breakpoint
CREATE TABLE "bug_bash_organiser" (
	"bash_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bug_bash_organiser_bash_id_person_id_pk" PRIMARY KEY("bash_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "bug_confirmation" (
	"bug_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bug_confirmation_bug_id_person_id_pk" PRIMARY KEY("bug_id","person_id")
);
--> statement-breakpoint
ALTER TABLE "bug" ADD CONSTRAINT "bug_bash_id_bug_bash_id_fk" FOREIGN KEY ("bash_id") REFERENCES "public"."bug_bash"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bug" ADD CONSTRAINT "bug_reporter_id_person_id_fk" FOREIGN KEY ("reporter_id") REFERENCES "public"."person"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bug" ADD CONSTRAINT "bug_duplicate_of_id_bug_id_fk" FOREIGN KEY ("duplicate_of_id") REFERENCES "public"."bug"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bug_bash" ADD CONSTRAINT "bug_bash_created_by_id_person_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."person"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bug_bash_organiser" ADD CONSTRAINT "bug_bash_organiser_bash_id_bug_bash_id_fk" FOREIGN KEY ("bash_id") REFERENCES "public"."bug_bash"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bug_bash_organiser" ADD CONSTRAINT "bug_bash_organiser_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bug_confirmation" ADD CONSTRAINT "bug_confirmation_bug_id_bug_id_fk" FOREIGN KEY ("bug_id") REFERENCES "public"."bug"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bug_confirmation" ADD CONSTRAINT "bug_confirmation_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bug_bash_status_idx" ON "bug" USING btree ("bash_id","status");--> statement-breakpoint
CREATE INDEX "bug_title_trgm_idx" ON "bug" USING gin ("title" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "bug_bash_state_idx" ON "bug_bash" USING btree ("state","starts_at");