CREATE TYPE "public"."customer_sentiment" AS ENUM('positive', 'neutral', 'at_risk');--> statement-breakpoint
CREATE TYPE "public"."slo_clock_level" AS ENUM('ok', 'warned', 'breached');--> statement-breakpoint
CREATE TYPE "public"."slo_clock_status" AS ENUM('running', 'paused', 'met', 'stopped');--> statement-breakpoint
CREATE TABLE "customer" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "customer_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"crm_url" text,
	"arr" integer DEFAULT 0 NOT NULL,
	"tier" "customer_tier" DEFAULT 'pro' NOT NULL,
	"renewal_on" date,
	"sentiment" "customer_sentiment" DEFAULT 'neutral' NOT NULL,
	"owner_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_name_not_blank" CHECK (length(trim("customer"."name")) > 0),
	CONSTRAINT "customer_arr_not_negative" CHECK ("customer"."arr" >= 0)
);
--> statement-breakpoint
CREATE TABLE "slo_clock" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "slo_clock_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"escalation_id" integer NOT NULL,
	"policy_id" integer NOT NULL,
	"target" text NOT NULL,
	"status" "slo_clock_status" NOT NULL,
	"level" "slo_clock_level" DEFAULT 'ok' NOT NULL,
	"business_hours" boolean NOT NULL,
	"target_minutes" integer NOT NULL,
	"counted_minutes" integer DEFAULT 0 NOT NULL,
	"running_since" timestamp with time zone,
	"cycle_start" timestamp with time zone NOT NULL,
	"cycle_mark" text DEFAULT '' NOT NULL,
	"due_at" timestamp with time zone,
	"next_fire_at" timestamp with time zone,
	"fired" integer DEFAULT 0 NOT NULL,
	"paused_reason" text,
	"met_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "slo_clock_escalation_target" UNIQUE("escalation_id","target"),
	CONSTRAINT "slo_clock_counted_not_negative" CHECK ("slo_clock"."counted_minutes" >= 0)
);
--> statement-breakpoint
CREATE TABLE "slo_clock_history" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "slo_clock_history_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"clock_id" integer NOT NULL,
	"change" text NOT NULL,
	"detail" text DEFAULT '' NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "slo_label" (
	"escalation_id" integer NOT NULL,
	"label" text NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	"added_by" integer,
	CONSTRAINT "slo_label_escalation_id_label_pk" PRIMARY KEY("escalation_id","label")
);
--> statement-breakpoint
CREATE TABLE "slo_policy" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "slo_policy_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"position" integer NOT NULL,
	"conditions" jsonb NOT NULL,
	"targets" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "slo_policy_name_not_blank" CHECK (length(trim("slo_policy"."name")) > 0)
);
--> statement-breakpoint
ALTER TABLE "escalation" ADD COLUMN "customer_id" integer;--> statement-breakpoint
ALTER TABLE "customer" ADD CONSTRAINT "customer_owner_id_person_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."person"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slo_clock" ADD CONSTRAINT "slo_clock_escalation_id_escalation_id_fk" FOREIGN KEY ("escalation_id") REFERENCES "public"."escalation"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slo_clock" ADD CONSTRAINT "slo_clock_policy_id_slo_policy_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."slo_policy"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slo_clock_history" ADD CONSTRAINT "slo_clock_history_clock_id_slo_clock_id_fk" FOREIGN KEY ("clock_id") REFERENCES "public"."slo_clock"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slo_label" ADD CONSTRAINT "slo_label_escalation_id_escalation_id_fk" FOREIGN KEY ("escalation_id") REFERENCES "public"."escalation"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slo_label" ADD CONSTRAINT "slo_label_added_by_person_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."person"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "customer_name_key" ON "customer" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "customer_renewal_idx" ON "customer" USING btree ("renewal_on");--> statement-breakpoint
CREATE INDEX "slo_clock_next_fire_idx" ON "slo_clock" USING btree ("next_fire_at") WHERE "slo_clock"."next_fire_at" is not null;--> statement-breakpoint
CREATE INDEX "slo_clock_history_clock_idx" ON "slo_clock_history" USING btree ("clock_id","at");--> statement-breakpoint
CREATE INDEX "slo_label_idx" ON "slo_label" USING btree ("label");--> statement-breakpoint
CREATE INDEX "slo_policy_position_idx" ON "slo_policy" USING btree ("position");--> statement-breakpoint
ALTER TABLE "escalation" ADD CONSTRAINT "escalation_customer_id_customer_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customer"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "escalation_customer_idx" ON "escalation" USING btree ("customer_id");--> statement-breakpoint
-- Customers named on escalations become records: one per name whatever its case (the first
-- spelling and the highest tier given), and each escalation points at its customer.
INSERT INTO "customer" ("name", "tier")
SELECT DISTINCT ON (lower(trim("customer_name"))) trim("customer_name"), coalesce("customer_tier", 'pro')
FROM "escalation"
WHERE "customer_name" IS NOT NULL AND length(trim("customer_name")) > 0
ORDER BY lower(trim("customer_name")), "customer_tier" DESC NULLS LAST, "id";--> statement-breakpoint
UPDATE "escalation" SET "customer_id" = "customer"."id"
FROM "customer"
WHERE lower("customer"."name") = lower(trim("escalation"."customer_name"));
