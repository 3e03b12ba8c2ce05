CREATE TYPE "public"."hackathon_phase" AS ENUM('draft', 'registration', 'hacking', 'judging', 'results');--> statement-breakpoint
CREATE TYPE "public"."hackathon_judging_mode" AS ENUM('rubric', 'pairwise', 'both');--> statement-breakpoint
CREATE TYPE "public"."hackathon_invite_kind" AS ENUM('request', 'invitation');--> statement-breakpoint
CREATE TYPE "public"."hackathon_invite_state" AS ENUM('pending', 'accepted', 'declined', 'withdrawn');--> statement-breakpoint
CREATE TABLE "hackathon" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "hackathon_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"title" text NOT NULL,
	"theme" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"rules" text DEFAULT '' NOT NULL,
	"team_size_min" integer NOT NULL,
	"team_size_max" integer NOT NULL,
	"min_departments" integer DEFAULT 1 NOT NULL,
	"required_department_kind" "department_kind",
	"judging_mode" "hackathon_judging_mode" DEFAULT 'rubric' NOT NULL,
	"peoples_choice" boolean DEFAULT false NOT NULL,
	"votes_per_person" integer DEFAULT 3 NOT NULL,
	"registration_opens_at" timestamp with time zone NOT NULL,
	"hacking_starts_at" timestamp with time zone NOT NULL,
	"hacking_ends_at" timestamp with time zone NOT NULL,
	"judging_ends_at" timestamp with time zone NOT NULL,
	"phase" "hackathon_phase" DEFAULT 'draft' NOT NULL,
	"created_by_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hackathon_title_not_blank" CHECK (length(trim("hackathon"."title")) > 0),
	CONSTRAINT "hackathon_times_in_order" CHECK ("hackathon"."registration_opens_at" <= "hackathon"."hacking_starts_at" and "hackathon"."hacking_starts_at" < "hackathon"."hacking_ends_at" and "hackathon"."hacking_ends_at" < "hackathon"."judging_ends_at"),
	CONSTRAINT "hackathon_team_size" CHECK ("hackathon"."team_size_min" >= 1 and "hackathon"."team_size_max" >= "hackathon"."team_size_min" and "hackathon"."team_size_max" <= 20),
	CONSTRAINT "hackathon_min_departments" CHECK ("hackathon"."min_departments" between 1 and 4),
	CONSTRAINT "hackathon_votes_per_person" CHECK ("hackathon"."votes_per_person" between 1 and 10)
);
--> statement-breakpoint
CREATE TABLE "hackathon_challenge" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "hackathon_challenge_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"hackathon_id" integer NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"is_category" boolean DEFAULT false NOT NULL,
	CONSTRAINT "hackathon_challenge_position" UNIQUE("hackathon_id","position")
);
--> statement-breakpoint
CREATE TABLE "hackathon_criterion" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "hackathon_criterion_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"hackathon_id" integer NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"weight" integer NOT NULL,
	CONSTRAINT "hackathon_criterion_position" UNIQUE("hackathon_id","position"),
	CONSTRAINT "hackathon_criterion_weight" CHECK ("hackathon_criterion"."weight" between 1 and 100)
);
--> statement-breakpoint
CREATE TABLE "hackathon_free_agent" (
	"hackathon_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"since" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hackathon_free_agent_hackathon_id_person_id_pk" PRIMARY KEY("hackathon_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "hackathon_idea" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "hackathon_idea_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"hackathon_id" integer NOT NULL,
	"author_id" integer NOT NULL,
	"title" text NOT NULL,
	"problem" text NOT NULL,
	"skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"escalation_ids" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hackathon_member" (
	"hackathon_id" integer NOT NULL,
	"team_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hackathon_member_hackathon_id_person_id_pk" PRIMARY KEY("hackathon_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "hackathon_organiser" (
	"hackathon_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hackathon_organiser_hackathon_id_person_id_pk" PRIMARY KEY("hackathon_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "hackathon_organising_grant" (
	"person_id" integer PRIMARY KEY NOT NULL,
	"granted_by_id" integer NOT NULL,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hackathon_prize" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "hackathon_prize_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"hackathon_id" integer NOT NULL,
	"challenge_id" integer,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"points" integer NOT NULL,
	CONSTRAINT "hackathon_prize_position" UNIQUE("hackathon_id","position"),
	CONSTRAINT "hackathon_prize_points" CHECK ("hackathon_prize"."points" >= 0)
);
--> statement-breakpoint
CREATE TABLE "hackathon_team" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "hackathon_team_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"hackathon_id" integer NOT NULL,
	"name" text NOT NULL,
	"idea_id" integer,
	"captain_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"flagged_at" timestamp with time zone,
	"flag_reason" text,
	"exception_by_id" integer,
	"exception_reason" text,
	"exception_at" timestamp with time zone,
	CONSTRAINT "hackathon_team_id_hackathon" UNIQUE("id","hackathon_id"),
	CONSTRAINT "hackathon_team_name_not_blank" CHECK (length(trim("hackathon_team"."name")) > 0),
	CONSTRAINT "hackathon_team_exception_complete" CHECK (("hackathon_team"."exception_by_id" is null) = ("hackathon_team"."exception_reason" is null))
);
--> statement-breakpoint
CREATE TABLE "hackathon_team_invite" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "hackathon_team_invite_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"hackathon_id" integer NOT NULL,
	"team_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"kind" "hackathon_invite_kind" NOT NULL,
	"state" "hackathon_invite_state" DEFAULT 'pending' NOT NULL,
	"asked_by_id" integer NOT NULL,
	"message" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "hackathon" ADD CONSTRAINT "hackathon_created_by_id_person_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."person"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_challenge" ADD CONSTRAINT "hackathon_challenge_hackathon_id_hackathon_id_fk" FOREIGN KEY ("hackathon_id") REFERENCES "public"."hackathon"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_criterion" ADD CONSTRAINT "hackathon_criterion_hackathon_id_hackathon_id_fk" FOREIGN KEY ("hackathon_id") REFERENCES "public"."hackathon"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_free_agent" ADD CONSTRAINT "hackathon_free_agent_hackathon_id_hackathon_id_fk" FOREIGN KEY ("hackathon_id") REFERENCES "public"."hackathon"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_free_agent" ADD CONSTRAINT "hackathon_free_agent_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_idea" ADD CONSTRAINT "hackathon_idea_hackathon_id_hackathon_id_fk" FOREIGN KEY ("hackathon_id") REFERENCES "public"."hackathon"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_idea" ADD CONSTRAINT "hackathon_idea_author_id_person_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."person"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_member" ADD CONSTRAINT "hackathon_member_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_member" ADD CONSTRAINT "hackathon_member_team" FOREIGN KEY ("team_id","hackathon_id") REFERENCES "public"."hackathon_team"("id","hackathon_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_organiser" ADD CONSTRAINT "hackathon_organiser_hackathon_id_hackathon_id_fk" FOREIGN KEY ("hackathon_id") REFERENCES "public"."hackathon"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_organiser" ADD CONSTRAINT "hackathon_organiser_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_organising_grant" ADD CONSTRAINT "hackathon_organising_grant_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_organising_grant" ADD CONSTRAINT "hackathon_organising_grant_granted_by_id_person_id_fk" FOREIGN KEY ("granted_by_id") REFERENCES "public"."person"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_prize" ADD CONSTRAINT "hackathon_prize_hackathon_id_hackathon_id_fk" FOREIGN KEY ("hackathon_id") REFERENCES "public"."hackathon"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_prize" ADD CONSTRAINT "hackathon_prize_challenge_id_hackathon_challenge_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."hackathon_challenge"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_team" ADD CONSTRAINT "hackathon_team_hackathon_id_hackathon_id_fk" FOREIGN KEY ("hackathon_id") REFERENCES "public"."hackathon"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_team" ADD CONSTRAINT "hackathon_team_idea_id_hackathon_idea_id_fk" FOREIGN KEY ("idea_id") REFERENCES "public"."hackathon_idea"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_team" ADD CONSTRAINT "hackathon_team_captain_id_person_id_fk" FOREIGN KEY ("captain_id") REFERENCES "public"."person"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_team" ADD CONSTRAINT "hackathon_team_exception_by_id_person_id_fk" FOREIGN KEY ("exception_by_id") REFERENCES "public"."person"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_team_invite" ADD CONSTRAINT "hackathon_team_invite_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_team_invite" ADD CONSTRAINT "hackathon_team_invite_asked_by_id_person_id_fk" FOREIGN KEY ("asked_by_id") REFERENCES "public"."person"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_team_invite" ADD CONSTRAINT "hackathon_team_invite_team" FOREIGN KEY ("team_id","hackathon_id") REFERENCES "public"."hackathon_team"("id","hackathon_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "hackathon_phase_idx" ON "hackathon" USING btree ("phase","registration_opens_at");--> statement-breakpoint
CREATE UNIQUE INDEX "hackathon_challenge_title" ON "hackathon_challenge" USING btree ("hackathon_id",lower("title"));--> statement-breakpoint
CREATE INDEX "hackathon_idea_hackathon_idx" ON "hackathon_idea" USING btree ("hackathon_id");--> statement-breakpoint
CREATE INDEX "hackathon_member_team_idx" ON "hackathon_member" USING btree ("team_id");--> statement-breakpoint
CREATE UNIQUE INDEX "hackathon_team_name" ON "hackathon_team" USING btree ("hackathon_id",lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "hackathon_team_invite_pending" ON "hackathon_team_invite" USING btree ("team_id","person_id") WHERE state = 'pending';--> statement-breakpoint
CREATE INDEX "hackathon_team_invite_person_idx" ON "hackathon_team_invite" USING btree ("person_id","state");