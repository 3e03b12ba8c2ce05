CREATE TABLE "hackathon_assignment" (
	"hackathon_id" integer NOT NULL,
	"judge_id" integer NOT NULL,
	"submission_id" integer NOT NULL,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hackathon_assignment_judge_id_submission_id_pk" PRIMARY KEY("judge_id","submission_id")
);
--> statement-breakpoint
CREATE TABLE "hackathon_conflict" (
	"hackathon_id" integer NOT NULL,
	"judge_id" integer NOT NULL,
	"team_id" integer NOT NULL,
	"declared_by_id" integer NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"declared_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hackathon_conflict_judge_id_team_id_pk" PRIMARY KEY("judge_id","team_id")
);
--> statement-breakpoint
CREATE TABLE "hackathon_judge" (
	"hackathon_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hackathon_judge_hackathon_id_person_id_pk" PRIMARY KEY("hackathon_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "hackathon_pairwise_view" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "hackathon_pairwise_view_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"hackathon_id" integer NOT NULL,
	"judge_id" integer NOT NULL,
	"submission_id" integer NOT NULL,
	"skip_reason" text,
	"viewed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hackathon_pairwise_view_once" UNIQUE("judge_id","submission_id")
);
--> statement-breakpoint
CREATE TABLE "hackathon_pairwise_vote" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "hackathon_pairwise_vote_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"hackathon_id" integer NOT NULL,
	"judge_id" integer NOT NULL,
	"winner_id" integer NOT NULL,
	"loser_id" integer NOT NULL,
	"voted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hackathon_pairwise_vote_two" CHECK ("hackathon_pairwise_vote"."winner_id" <> "hackathon_pairwise_vote"."loser_id")
);
--> statement-breakpoint
CREATE TABLE "hackathon_peoples_vote" (
	"hackathon_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"submission_id" integer NOT NULL,
	"voted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hackathon_peoples_vote_person_id_submission_id_pk" PRIMARY KEY("person_id","submission_id")
);
--> statement-breakpoint
CREATE TABLE "hackathon_score" (
	"judge_id" integer NOT NULL,
	"submission_id" integer NOT NULL,
	"criterion_id" integer NOT NULL,
	"score" integer NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"scored_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hackathon_score_judge_id_submission_id_criterion_id_pk" PRIMARY KEY("judge_id","submission_id","criterion_id"),
	CONSTRAINT "hackathon_score_range" CHECK ("hackathon_score"."score" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "hackathon_submission" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "hackathon_submission_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"hackathon_id" integer NOT NULL,
	"team_id" integer NOT NULL,
	"title" text NOT NULL,
	"tagline" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"challenge_id" integer,
	"category_ids" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"repository_url" text DEFAULT '' NOT NULL,
	"demo_url" text DEFAULT '' NOT NULL,
	"who_did_what" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"prioritised" integer DEFAULT 0 NOT NULL,
	"saved_by_id" integer NOT NULL,
	"saved_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hackathon_submission_team" UNIQUE("team_id"),
	CONSTRAINT "hackathon_submission_id_hackathon" UNIQUE("id","hackathon_id"),
	CONSTRAINT "hackathon_submission_title_not_blank" CHECK (length(trim("hackathon_submission"."title")) > 0)
);
--> statement-breakpoint
CREATE TABLE "hackathon_submission_screenshot" (
	"submission_id" integer NOT NULL,
	"attachment_id" integer NOT NULL,
	CONSTRAINT "hackathon_submission_screenshot_submission_id_attachment_id_pk" PRIMARY KEY("submission_id","attachment_id")
);
--> statement-breakpoint
CREATE TABLE "hackathon_submission_version" (
	"submission_id" integer NOT NULL,
	"version" integer NOT NULL,
	"title" text NOT NULL,
	"tagline" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"challenge_id" integer,
	"category_ids" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"repository_url" text DEFAULT '' NOT NULL,
	"demo_url" text DEFAULT '' NOT NULL,
	"who_did_what" text DEFAULT '' NOT NULL,
	"saved_by_id" integer NOT NULL,
	"saved_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hackathon_submission_version_submission_id_version_pk" PRIMARY KEY("submission_id","version")
);
--> statement-breakpoint
ALTER TABLE "hackathon" ADD COLUMN "judges_per_submission" integer DEFAULT 3 NOT NULL;--> statement-breakpoint
ALTER TABLE "hackathon" ADD COLUMN "rubric_weight" integer DEFAULT 60 NOT NULL;--> statement-breakpoint
ALTER TABLE "hackathon" ADD COLUMN "pairwise_weight" integer DEFAULT 20 NOT NULL;--> statement-breakpoint
ALTER TABLE "hackathon" ADD COLUMN "peoples_choice_weight" integer DEFAULT 20 NOT NULL;--> statement-breakpoint
ALTER TABLE "hackathon_assignment" ADD CONSTRAINT "hackathon_assignment_judge_id_person_id_fk" FOREIGN KEY ("judge_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_assignment" ADD CONSTRAINT "hackathon_assignment_submission" FOREIGN KEY ("submission_id","hackathon_id") REFERENCES "public"."hackathon_submission"("id","hackathon_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_conflict" ADD CONSTRAINT "hackathon_conflict_judge_id_person_id_fk" FOREIGN KEY ("judge_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_conflict" ADD CONSTRAINT "hackathon_conflict_declared_by_id_person_id_fk" FOREIGN KEY ("declared_by_id") REFERENCES "public"."person"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_conflict" ADD CONSTRAINT "hackathon_conflict_team" FOREIGN KEY ("team_id","hackathon_id") REFERENCES "public"."hackathon_team"("id","hackathon_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_judge" ADD CONSTRAINT "hackathon_judge_hackathon_id_hackathon_id_fk" FOREIGN KEY ("hackathon_id") REFERENCES "public"."hackathon"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_judge" ADD CONSTRAINT "hackathon_judge_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_pairwise_view" ADD CONSTRAINT "hackathon_pairwise_view_hackathon_id_hackathon_id_fk" FOREIGN KEY ("hackathon_id") REFERENCES "public"."hackathon"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_pairwise_view" ADD CONSTRAINT "hackathon_pairwise_view_judge_id_person_id_fk" FOREIGN KEY ("judge_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_pairwise_view" ADD CONSTRAINT "hackathon_pairwise_view_submission_id_hackathon_submission_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."hackathon_submission"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_pairwise_vote" ADD CONSTRAINT "hackathon_pairwise_vote_hackathon_id_hackathon_id_fk" FOREIGN KEY ("hackathon_id") REFERENCES "public"."hackathon"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_pairwise_vote" ADD CONSTRAINT "hackathon_pairwise_vote_judge_id_person_id_fk" FOREIGN KEY ("judge_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_pairwise_vote" ADD CONSTRAINT "hackathon_pairwise_vote_winner_id_hackathon_submission_id_fk" FOREIGN KEY ("winner_id") REFERENCES "public"."hackathon_submission"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_pairwise_vote" ADD CONSTRAINT "hackathon_pairwise_vote_loser_id_hackathon_submission_id_fk" FOREIGN KEY ("loser_id") REFERENCES "public"."hackathon_submission"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_peoples_vote" ADD CONSTRAINT "hackathon_peoples_vote_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_peoples_vote" ADD CONSTRAINT "hackathon_peoples_vote_submission" FOREIGN KEY ("submission_id","hackathon_id") REFERENCES "public"."hackathon_submission"("id","hackathon_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_score" ADD CONSTRAINT "hackathon_score_judge_id_person_id_fk" FOREIGN KEY ("judge_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_score" ADD CONSTRAINT "hackathon_score_submission_id_hackathon_submission_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."hackathon_submission"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_score" ADD CONSTRAINT "hackathon_score_criterion_id_hackathon_criterion_id_fk" FOREIGN KEY ("criterion_id") REFERENCES "public"."hackathon_criterion"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_submission" ADD CONSTRAINT "hackathon_submission_hackathon_id_hackathon_id_fk" FOREIGN KEY ("hackathon_id") REFERENCES "public"."hackathon"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_submission" ADD CONSTRAINT "hackathon_submission_challenge_id_hackathon_challenge_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."hackathon_challenge"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_submission" ADD CONSTRAINT "hackathon_submission_saved_by_id_person_id_fk" FOREIGN KEY ("saved_by_id") REFERENCES "public"."person"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_submission" ADD CONSTRAINT "hackathon_submission_team_fk" FOREIGN KEY ("team_id","hackathon_id") REFERENCES "public"."hackathon_team"("id","hackathon_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_submission_screenshot" ADD CONSTRAINT "hackathon_submission_screenshot_submission_id_hackathon_submission_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."hackathon_submission"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_submission_screenshot" ADD CONSTRAINT "hackathon_submission_screenshot_attachment_id_attachment_id_fk" FOREIGN KEY ("attachment_id") REFERENCES "public"."attachment"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_submission_version" ADD CONSTRAINT "hackathon_submission_version_submission_id_hackathon_submission_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."hackathon_submission"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_submission_version" ADD CONSTRAINT "hackathon_submission_version_challenge_id_hackathon_challenge_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."hackathon_challenge"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_submission_version" ADD CONSTRAINT "hackathon_submission_version_saved_by_id_person_id_fk" FOREIGN KEY ("saved_by_id") REFERENCES "public"."person"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "hackathon_assignment_submission_idx" ON "hackathon_assignment" USING btree ("submission_id");--> statement-breakpoint
CREATE INDEX "hackathon_pairwise_view_hackathon_idx" ON "hackathon_pairwise_view" USING btree ("hackathon_id","viewed_at");--> statement-breakpoint
CREATE INDEX "hackathon_pairwise_vote_hackathon_idx" ON "hackathon_pairwise_vote" USING btree ("hackathon_id","id");--> statement-breakpoint
CREATE INDEX "hackathon_peoples_vote_hackathon_idx" ON "hackathon_peoples_vote" USING btree ("hackathon_id","person_id");--> statement-breakpoint
CREATE INDEX "hackathon_score_submission_idx" ON "hackathon_score" USING btree ("submission_id");--> statement-breakpoint
ALTER TABLE "hackathon" ADD CONSTRAINT "hackathon_judges_per_submission" CHECK ("hackathon"."judges_per_submission" between 1 and 20);--> statement-breakpoint
ALTER TABLE "hackathon" ADD CONSTRAINT "hackathon_ranking_weights" CHECK (least("hackathon"."rubric_weight", "hackathon"."pairwise_weight", "hackathon"."peoples_choice_weight") >= 0 and "hackathon"."rubric_weight" + "hackathon"."pairwise_weight" + "hackathon"."peoples_choice_weight" > 0);