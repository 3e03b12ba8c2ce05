CREATE TYPE "public"."bug_decision_kind" AS ENUM('accepted', 'duplicate', 'not_a_bug', 'escalated');--> statement-breakpoint
CREATE TYPE "public"."customer_tier" AS ENUM('free', 'pro', 'business', 'enterprise');--> statement-breakpoint
CREATE TYPE "public"."escalation_status" AS ENUM('open', 'in_progress', 'waiting_on_support', 'resolved', 'closed');--> statement-breakpoint
CREATE TABLE "bug_bash_participant" (
	"bash_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bug_bash_participant_bash_id_person_id_pk" PRIMARY KEY("bash_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "bug_comment" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "bug_comment_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"bug_id" integer NOT NULL,
	"author_id" integer NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bug_comment_not_blank" CHECK (length(trim("bug_comment"."body")) > 0)
);
--> statement-breakpoint
CREATE TABLE "bug_decision" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "bug_decision_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"bug_id" integer NOT NULL,
	"kind" "bug_decision_kind" NOT NULL,
	"severity" "bug_severity",
	"previous_severity" "bug_severity",
	"duplicate_of_id" integer,
	"reason" text,
	"first_bonus" boolean DEFAULT false NOT NULL,
	"decided_by_id" integer NOT NULL,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL,
	"undone_by_id" integer,
	"undone_at" timestamp with time zone,
	CONSTRAINT "bug_decision_undo_complete" CHECK (("bug_decision"."undone_at" is null) = ("bug_decision"."undone_by_id" is null))
);
--> statement-breakpoint
CREATE TABLE "escalation" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "escalation_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"client_key" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"steps" text NOT NULL,
	"expected" text NOT NULL,
	"actual" text NOT NULL,
	"environment" text DEFAULT '' NOT NULL,
	"severity" "bug_severity" NOT NULL,
	"status" "escalation_status" DEFAULT 'open' NOT NULL,
	"customer_name" text,
	"customer_tier" "customer_tier",
	"customer_url" text,
	"ticket_url" text,
	"engineering_issue_url" text,
	"reporter_id" integer NOT NULL,
	"assignee_id" integer,
	"bug_id" integer,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"first_response_at" timestamp with time zone,
	"last_engineering_update_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "escalation_bugId_unique" UNIQUE("bug_id"),
	CONSTRAINT "escalation_reporter_client_key" UNIQUE("reporter_id","client_key"),
	CONSTRAINT "escalation_title_not_blank" CHECK (length(trim("escalation"."title")) > 0)
);
--> statement-breakpoint
CREATE TABLE "escalation_comment" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "escalation_comment_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"escalation_id" integer NOT NULL,
	"author_id" integer NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "escalation_comment_not_blank" CHECK (length(trim("escalation_comment"."body")) > 0)
);
--> statement-breakpoint
CREATE TABLE "escalation_history" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "escalation_history_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"escalation_id" integer NOT NULL,
	"actor_id" integer,
	"change" text NOT NULL,
	"from_value" text,
	"to_value" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "attachment" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "attachment_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"bug_id" integer,
	"escalation_id" integer,
	"uploader_id" integer NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"data" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "attachment_has_owner" CHECK ("attachment"."bug_id" is not null or "attachment"."escalation_id" is not null),
	CONSTRAINT "attachment_size_matches" CHECK ("attachment"."size" = octet_length("attachment"."data"))
);
--> statement-breakpoint
ALTER TABLE "bug_bash_participant" ADD CONSTRAINT "bug_bash_participant_bash_id_bug_bash_id_fk" FOREIGN KEY ("bash_id") REFERENCES "public"."bug_bash"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bug_bash_participant" ADD CONSTRAINT "bug_bash_participant_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bug_comment" ADD CONSTRAINT "bug_comment_bug_id_bug_id_fk" FOREIGN KEY ("bug_id") REFERENCES "public"."bug"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bug_comment" ADD CONSTRAINT "bug_comment_author_id_person_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."person"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bug_decision" ADD CONSTRAINT "bug_decision_bug_id_bug_id_fk" FOREIGN KEY ("bug_id") REFERENCES "public"."bug"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bug_decision" ADD CONSTRAINT "bug_decision_duplicate_of_id_bug_id_fk" FOREIGN KEY ("duplicate_of_id") REFERENCES "public"."bug"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bug_decision" ADD CONSTRAINT "bug_decision_decided_by_id_person_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "public"."person"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bug_decision" ADD CONSTRAINT "bug_decision_undone_by_id_person_id_fk" FOREIGN KEY ("undone_by_id") REFERENCES "public"."person"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation" ADD CONSTRAINT "escalation_reporter_id_person_id_fk" FOREIGN KEY ("reporter_id") REFERENCES "public"."person"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation" ADD CONSTRAINT "escalation_assignee_id_person_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."person"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation" ADD CONSTRAINT "escalation_bug_id_bug_id_fk" FOREIGN KEY ("bug_id") REFERENCES "public"."bug"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_comment" ADD CONSTRAINT "escalation_comment_escalation_id_escalation_id_fk" FOREIGN KEY ("escalation_id") REFERENCES "public"."escalation"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_comment" ADD CONSTRAINT "escalation_comment_author_id_person_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."person"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_history" ADD CONSTRAINT "escalation_history_escalation_id_escalation_id_fk" FOREIGN KEY ("escalation_id") REFERENCES "public"."escalation"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_history" ADD CONSTRAINT "escalation_history_actor_id_person_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."person"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachment" ADD CONSTRAINT "attachment_bug_id_bug_id_fk" FOREIGN KEY ("bug_id") REFERENCES "public"."bug"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachment" ADD CONSTRAINT "attachment_escalation_id_escalation_id_fk" FOREIGN KEY ("escalation_id") REFERENCES "public"."escalation"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachment" ADD CONSTRAINT "attachment_uploader_id_person_id_fk" FOREIGN KEY ("uploader_id") REFERENCES "public"."person"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bug_comment_bug_idx" ON "bug_comment" USING btree ("bug_id","created_at");--> statement-breakpoint
CREATE INDEX "bug_decision_bug_idx" ON "bug_decision" USING btree ("bug_id","decided_at");--> statement-breakpoint
CREATE INDEX "escalation_status_idx" ON "escalation" USING btree ("status","opened_at");--> statement-breakpoint
CREATE INDEX "escalation_assignee_idx" ON "escalation" USING btree ("assignee_id");--> statement-breakpoint
CREATE INDEX "escalation_title_trgm_idx" ON "escalation" USING gin ("title" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "escalation_comment_escalation_idx" ON "escalation_comment" USING btree ("escalation_id","created_at");--> statement-breakpoint
CREATE INDEX "escalation_history_escalation_idx" ON "escalation_history" USING btree ("escalation_id","at");--> statement-breakpoint
CREATE INDEX "attachment_bug_idx" ON "attachment" USING btree ("bug_id");--> statement-breakpoint
CREATE INDEX "attachment_escalation_idx" ON "attachment" USING btree ("escalation_id");