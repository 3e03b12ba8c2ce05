CREATE TYPE "public"."integration_delivery_outcome" AS ENUM('accepted', 'refused', 'duplicate');--> statement-breakpoint
CREATE TYPE "public"."integration_source" AS ENUM('zendesk', 'freshdesk', 'jira', 'asana');--> statement-breakpoint
CREATE TABLE "integration" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "integration_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"source" "integration_source" NOT NULL,
	"name" text NOT NULL,
	"verifier" text,
	"secret_hint" text DEFAULT '' NOT NULL,
	"severity_field" text DEFAULT '' NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_delivery_at" timestamp with time zone,
	CONSTRAINT "integration_name_not_blank" CHECK (length(trim("integration"."name")) > 0)
);
--> statement-breakpoint
CREATE TABLE "integration_delivery" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "integration_delivery_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"integration_id" integer NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivery_key" text,
	"event" text DEFAULT '' NOT NULL,
	"outcome" "integration_delivery_outcome" NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"external_key" text,
	"escalation_id" integer
);
--> statement-breakpoint
CREATE TABLE "integration_item" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "integration_item_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"integration_id" integer NOT NULL,
	"kind" text NOT NULL,
	"external_key" text NOT NULL,
	"escalation_id" integer,
	"title" text DEFAULT '' NOT NULL,
	"url" text,
	"status" text,
	"priority" text,
	"type" text,
	"severity" text,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"last_body_hash" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "integration_item_key" UNIQUE("integration_id","external_key")
);
--> statement-breakpoint
ALTER TABLE "integration" ADD CONSTRAINT "integration_created_by_person_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."person"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integration_delivery" ADD CONSTRAINT "integration_delivery_integration_id_integration_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."integration"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integration_item" ADD CONSTRAINT "integration_item_integration_id_integration_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."integration"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "integration_delivery_log_idx" ON "integration_delivery" USING btree ("integration_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "integration_delivery_once" ON "integration_delivery" USING btree ("integration_id","delivery_key") WHERE "integration_delivery"."outcome" = 'accepted';--> statement-breakpoint
CREATE INDEX "integration_item_escalation_idx" ON "integration_item" USING btree ("escalation_id","updated_at");--> statement-breakpoint
-- Written here, not in the module's schema.ts: a module's schema imports platform tables only.
ALTER TABLE "integration_delivery" ADD CONSTRAINT "integration_delivery_escalation_id_escalation_id_fk" FOREIGN KEY ("escalation_id") REFERENCES "public"."escalation"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integration_item" ADD CONSTRAINT "integration_item_escalation_id_escalation_id_fk" FOREIGN KEY ("escalation_id") REFERENCES "public"."escalation"("id") ON DELETE set null ON UPDATE no action;
