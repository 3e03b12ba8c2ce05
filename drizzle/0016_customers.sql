CREATE TYPE "public"."customer_sentiment" AS ENUM('positive', 'neutral', 'at_risk');--> statement-breakpoint
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
ALTER TABLE "escalation" ADD COLUMN "customer_id" integer;--> statement-breakpoint
ALTER TABLE "customer" ADD CONSTRAINT "customer_owner_id_person_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."person"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "customer_name_key" ON "customer" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "customer_renewal_idx" ON "customer" USING btree ("renewal_on");--> statement-breakpoint
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
