CREATE TYPE "public"."insight_level" AS ENUM('org', 'department', 'team', 'person');--> statement-breakpoint
CREATE TYPE "public"."insight_period_kind" AS ENUM('month', 'week');--> statement-breakpoint
CREATE TABLE "insight_period" (
	"kind" "insight_period_kind" NOT NULL,
	"start" date NOT NULL,
	"built_at" timestamp with time zone DEFAULT now() NOT NULL,
	"frozen" boolean DEFAULT false NOT NULL,
	CONSTRAINT "insight_period_kind_start_pk" PRIMARY KEY("kind","start")
);
--> statement-breakpoint
CREATE TABLE "insight_rollup" (
	"kind" "insight_period_kind" NOT NULL,
	"start" date NOT NULL,
	"level" "insight_level" NOT NULL,
	"subject_id" integer NOT NULL,
	"metric" text NOT NULL,
	"key" text DEFAULT '' NOT NULL,
	"label" text,
	"value" double precision NOT NULL,
	"p50" double precision,
	"p90" double precision,
	"dist" jsonb,
	CONSTRAINT "insight_rollup_kind_level_subject_id_start_metric_key_pk" PRIMARY KEY("kind","level","subject_id","start","metric","key")
);
--> statement-breakpoint
CREATE INDEX "insight_rollup_period_idx" ON "insight_rollup" USING btree ("kind","start","level");