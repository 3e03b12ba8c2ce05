CREATE TYPE "public"."raci_role" AS ENUM('R', 'A', 'C', 'I');--> statement-breakpoint
CREATE TYPE "public"."feature_request_status" AS ENUM('new', 'under_consideration', 'planned', 'in_progress', 'shipped', 'wont_do');--> statement-breakpoint
CREATE TYPE "public"."request_source_kind" AS ENUM('escalation', 'demo_comment', 'ticket', 'other');--> statement-breakpoint
CREATE TABLE "raci_activity" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "raci_activity_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"key" text NOT NULL,
	"name" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "raci_activity_name_not_blank" CHECK (length(trim("raci_activity"."name")) > 0)
);
--> statement-breakpoint
CREATE TABLE "raci_assignment" (
	"activity_id" integer NOT NULL,
	"department_id" integer NOT NULL,
	"role" "raci_role" NOT NULL,
	CONSTRAINT "raci_assignment_activity_id_department_id_role_pk" PRIMARY KEY("activity_id","department_id","role")
);
--> statement-breakpoint
CREATE TABLE "raci_change" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "raci_change_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"activity_id" integer NOT NULL,
	"actor_id" integer,
	"summary" text NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "feature_request" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "feature_request_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"title" text NOT NULL,
	"problem" text NOT NULL,
	"area" text NOT NULL,
	"status" "feature_request_status" DEFAULT 'new' NOT NULL,
	"public_note" text DEFAULT '' NOT NULL,
	"roadmap_url" text,
	"created_by_id" integer,
	"merged_into_id" integer,
	"report_count" integer DEFAULT 0 NOT NULL,
	"customer_count" integer DEFAULT 0 NOT NULL,
	"arr" bigint DEFAULT 0 NOT NULL,
	"at_risk_count" integer DEFAULT 0 NOT NULL,
	"shipped_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "feature_request_title_not_blank" CHECK (length(trim("feature_request"."title")) > 0),
	CONSTRAINT "feature_request_counts_not_negative" CHECK ("feature_request"."report_count" >= 0 and "feature_request"."customer_count" >= 0 and "feature_request"."arr" >= 0 and "feature_request"."at_risk_count" >= 0),
	CONSTRAINT "feature_request_not_merged_into_itself" CHECK ("feature_request"."merged_into_id" <> "feature_request"."id")
);
--> statement-breakpoint
CREATE TABLE "request_customer" (
	"request_id" integer NOT NULL,
	"customer_id" integer NOT NULL,
	"reports" integer NOT NULL,
	CONSTRAINT "request_customer_request_id_customer_id_pk" PRIMARY KEY("request_id","customer_id"),
	CONSTRAINT "request_customer_reports_positive" CHECK ("request_customer"."reports" > 0)
);
--> statement-breakpoint
CREATE TABLE "request_report" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "request_report_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"request_id" integer NOT NULL,
	"customer_id" integer NOT NULL,
	"reporter_id" integer NOT NULL,
	"quote" text DEFAULT '' NOT NULL,
	"link" text,
	"source_kind" "request_source_kind" DEFAULT 'other' NOT NULL,
	"source_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "raci_assignment" ADD CONSTRAINT "raci_assignment_activity_id_raci_activity_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."raci_activity"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "raci_assignment" ADD CONSTRAINT "raci_assignment_department_id_department_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."department"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "raci_change" ADD CONSTRAINT "raci_change_activity_id_raci_activity_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."raci_activity"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "raci_change" ADD CONSTRAINT "raci_change_actor_id_person_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."person"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feature_request" ADD CONSTRAINT "feature_request_created_by_id_person_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."person"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feature_request" ADD CONSTRAINT "feature_request_merged_into_id_feature_request_id_fk" FOREIGN KEY ("merged_into_id") REFERENCES "public"."feature_request"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_customer" ADD CONSTRAINT "request_customer_request_id_feature_request_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."feature_request"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_customer" ADD CONSTRAINT "request_customer_customer_id_customer_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customer"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_report" ADD CONSTRAINT "request_report_request_id_feature_request_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."feature_request"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_report" ADD CONSTRAINT "request_report_customer_id_customer_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customer"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_report" ADD CONSTRAINT "request_report_reporter_id_person_id_fk" FOREIGN KEY ("reporter_id") REFERENCES "public"."person"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "raci_activity_key_unique" ON "raci_activity" USING btree ("key");--> statement-breakpoint
CREATE UNIQUE INDEX "raci_activity_name_unique" ON "raci_activity" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "raci_assignment_department_idx" ON "raci_assignment" USING btree ("department_id");--> statement-breakpoint
CREATE INDEX "raci_change_activity_idx" ON "raci_change" USING btree ("activity_id","changed_at");--> statement-breakpoint
CREATE INDEX "feature_request_title_trgm_idx" ON "feature_request" USING gin ("title" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "feature_request_arr_idx" ON "feature_request" USING btree ("arr" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "feature_request_status_idx" ON "feature_request" USING btree ("status");--> statement-breakpoint
CREATE INDEX "request_customer_customer_idx" ON "request_customer" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "request_report_request_idx" ON "request_report" USING btree ("request_id","created_at");--> statement-breakpoint
CREATE INDEX "request_report_reporter_idx" ON "request_report" USING btree ("reporter_id");--> statement-breakpoint
CREATE INDEX "request_report_source_idx" ON "request_report" USING btree ("source_kind","source_id");