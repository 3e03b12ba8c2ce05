CREATE TYPE "public"."job_state" AS ENUM('pending', 'done', 'dead');--> statement-breakpoint
CREATE TYPE "public"."outbox_channel" AS ENUM('email', 'slack', 'teams');--> statement-breakpoint
CREATE TYPE "public"."outbox_state" AS ENUM('pending', 'sent', 'kept', 'failed');--> statement-breakpoint
CREATE TABLE "job" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "job_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"due_at" timestamp with time zone DEFAULT now() NOT NULL,
	"every_ms" integer,
	"attempts" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer DEFAULT 5 NOT NULL,
	"last_error" text,
	"state" "job_state" DEFAULT 'pending' NOT NULL,
	"done_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "job_key_unique" UNIQUE("key"),
	CONSTRAINT "job_max_attempts_positive" CHECK ("job"."max_attempts" > 0),
	CONSTRAINT "job_every_positive" CHECK ("job"."every_ms" is null or "job"."every_ms" > 0)
);
--> statement-breakpoint
CREATE TABLE "outbox_message" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "outbox_message_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"channel" "outbox_channel" NOT NULL,
	"recipient" text NOT NULL,
	"subject" text DEFAULT '' NOT NULL,
	"body" text NOT NULL,
	"key" text NOT NULL,
	"state" "outbox_state" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "outbox_message_key_unique" UNIQUE("key"),
	CONSTRAINT "outbox_message_key_not_blank" CHECK (length("outbox_message"."key") > 0)
);
--> statement-breakpoint
CREATE INDEX "job_pending_due_idx" ON "job" USING btree ("due_at") WHERE state = 'pending';--> statement-breakpoint
CREATE INDEX "job_done_at_idx" ON "job" USING btree ("done_at");