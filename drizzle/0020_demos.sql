CREATE TYPE "public"."demo_comment_kind" AS ENUM('comment', 'question');--> statement-breakpoint
CREATE TYPE "public"."demo_state" AS ENUM('scheduled', 'live', 'ended');--> statement-breakpoint
CREATE TABLE "demo" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "demo_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"series_id" integer,
	"title" text NOT NULL,
	"feature" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"meeting_url" text,
	"starts_at" timestamp with time zone NOT NULL,
	"length_minutes" integer NOT NULL,
	"state" "demo_state" DEFAULT 'scheduled' NOT NULL,
	"went_live_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"recording_media_id" integer,
	"recording_offset_ms" integer DEFAULT 0 NOT NULL,
	"created_by_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "demo_title_not_blank" CHECK (length(trim("demo"."title")) > 0),
	CONSTRAINT "demo_length" CHECK ("demo"."length_minutes" between 5 and 480),
	CONSTRAINT "demo_meeting_url_http" CHECK ("demo"."meeting_url" is null or "demo"."meeting_url" ~ '^https?://'),
	CONSTRAINT "demo_live_times" CHECK (("demo"."state" = 'scheduled') = ("demo"."went_live_at" is null) and ("demo"."state" = 'ended') = ("demo"."ended_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "demo_attendance" (
	"demo_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "demo_attendance_demo_id_person_id_pk" PRIMARY KEY("demo_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "demo_chapter" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "demo_chapter_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"demo_id" integer NOT NULL,
	"offset_ms" integer NOT NULL,
	"title" text NOT NULL,
	"from_comment_id" integer,
	"created_by_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "demo_chapter_from_comment" UNIQUE("from_comment_id"),
	CONSTRAINT "demo_chapter_title" CHECK (length(trim("demo_chapter"."title")) between 1 and 200),
	CONSTRAINT "demo_chapter_offset" CHECK ("demo_chapter"."offset_ms" >= 0)
);
--> statement-breakpoint
CREATE TABLE "demo_comment" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "demo_comment_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"demo_id" integer NOT NULL,
	"author_id" integer NOT NULL,
	"kind" "demo_comment_kind" DEFAULT 'comment' NOT NULL,
	"body" text NOT NULL,
	"offset_ms" integer NOT NULL,
	"live" boolean NOT NULL,
	"votes" integer DEFAULT 0 NOT NULL,
	"answered_at" timestamp with time zone,
	"pinned" boolean DEFAULT false NOT NULL,
	"helpful" boolean DEFAULT false NOT NULL,
	"escalation_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "demo_comment_body" CHECK (length(trim("demo_comment"."body")) between 1 and 1000),
	CONSTRAINT "demo_comment_offset" CHECK ("demo_comment"."offset_ms" >= 0),
	CONSTRAINT "demo_comment_votes" CHECK ("demo_comment"."votes" >= 0)
);
--> statement-breakpoint
CREATE TABLE "demo_moment" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "demo_moment_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"demo_id" integer NOT NULL,
	"slice" integer NOT NULL,
	CONSTRAINT "demo_moment_slice" UNIQUE("demo_id","slice"),
	CONSTRAINT "demo_moment_slice_min" CHECK ("demo_moment"."slice" >= 0)
);
--> statement-breakpoint
CREATE TABLE "demo_presenter" (
	"demo_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	CONSTRAINT "demo_presenter_demo_id_person_id_pk" PRIMARY KEY("demo_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "demo_question_vote" (
	"comment_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"voted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "demo_question_vote_comment_id_person_id_pk" PRIMARY KEY("comment_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "demo_series" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "demo_series_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"title" text NOT NULL,
	"every_weeks" integer NOT NULL,
	"created_by_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "demo_series_title_unique" UNIQUE("title"),
	CONSTRAINT "demo_series_title_not_blank" CHECK (length(trim("demo_series"."title")) > 0),
	CONSTRAINT "demo_series_every_weeks" CHECK ("demo_series"."every_weeks" between 1 and 8)
);
--> statement-breakpoint
ALTER TABLE "demo" ADD CONSTRAINT "demo_series_id_demo_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."demo_series"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demo" ADD CONSTRAINT "demo_created_by_id_person_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."person"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demo_attendance" ADD CONSTRAINT "demo_attendance_demo_id_demo_id_fk" FOREIGN KEY ("demo_id") REFERENCES "public"."demo"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demo_attendance" ADD CONSTRAINT "demo_attendance_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demo_chapter" ADD CONSTRAINT "demo_chapter_demo_id_demo_id_fk" FOREIGN KEY ("demo_id") REFERENCES "public"."demo"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demo_chapter" ADD CONSTRAINT "demo_chapter_from_comment_id_demo_comment_id_fk" FOREIGN KEY ("from_comment_id") REFERENCES "public"."demo_comment"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demo_chapter" ADD CONSTRAINT "demo_chapter_created_by_id_person_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."person"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demo_comment" ADD CONSTRAINT "demo_comment_demo_id_demo_id_fk" FOREIGN KEY ("demo_id") REFERENCES "public"."demo"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demo_comment" ADD CONSTRAINT "demo_comment_author_id_person_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."person"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demo_moment" ADD CONSTRAINT "demo_moment_demo_id_demo_id_fk" FOREIGN KEY ("demo_id") REFERENCES "public"."demo"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demo_presenter" ADD CONSTRAINT "demo_presenter_demo_id_demo_id_fk" FOREIGN KEY ("demo_id") REFERENCES "public"."demo"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demo_presenter" ADD CONSTRAINT "demo_presenter_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demo_question_vote" ADD CONSTRAINT "demo_question_vote_comment_id_demo_comment_id_fk" FOREIGN KEY ("comment_id") REFERENCES "public"."demo_comment"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demo_question_vote" ADD CONSTRAINT "demo_question_vote_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demo_series" ADD CONSTRAINT "demo_series_created_by_id_person_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."person"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "demo_starts_at_idx" ON "demo" USING btree ("starts_at");--> statement-breakpoint
CREATE INDEX "demo_series_idx" ON "demo" USING btree ("series_id","starts_at");--> statement-breakpoint
CREATE INDEX "demo_search_idx" ON "demo" USING gin (to_tsvector('english', "title" || ' ' || "feature"));--> statement-breakpoint
CREATE INDEX "demo_chapter_idx" ON "demo_chapter" USING btree ("demo_id","offset_ms");--> statement-breakpoint
CREATE INDEX "demo_chapter_search_idx" ON "demo_chapter" USING gin (to_tsvector('english', "title"));--> statement-breakpoint
CREATE INDEX "demo_comment_log_idx" ON "demo_comment" USING btree ("demo_id","offset_ms","id");--> statement-breakpoint
CREATE INDEX "demo_comment_search_idx" ON "demo_comment" USING gin (to_tsvector('english', "body"));