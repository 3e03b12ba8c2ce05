CREATE TYPE "public"."kudos_emoji" AS ENUM('heart', 'clap', 'tada', 'rocket', 'star');--> statement-breakpoint
CREATE TYPE "public"."redemption_status" AS ENUM('pending', 'approved', 'declined');--> statement-breakpoint
CREATE TABLE "company_value" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "company_value_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "company_value_name_not_blank" CHECK (length(trim("company_value"."name")) > 0)
);
--> statement-breakpoint
CREATE TABLE "kudos" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "kudos_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"giver_id" integer NOT NULL,
	"giver_department_id" integer,
	"giver_team_id" integer,
	"team_id" integer,
	"client_key" text NOT NULL,
	"message" text NOT NULL,
	"value_id" integer NOT NULL,
	"points" integer DEFAULT 0 NOT NULL,
	"cross_department" boolean DEFAULT false NOT NULL,
	"hidden_at" timestamp with time zone,
	"hidden_by_id" integer,
	"hidden_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kudos_giver_client_key" UNIQUE("giver_id","client_key"),
	CONSTRAINT "kudos_message_length" CHECK (length("kudos"."message") between 1 and 2000),
	CONSTRAINT "kudos_points_not_negative" CHECK ("kudos"."points" >= 0),
	CONSTRAINT "kudos_hidden_has_reason" CHECK (("kudos"."hidden_at" is null) = ("kudos"."hidden_reason" is null))
);
--> statement-breakpoint
CREATE TABLE "kudos_allowance" (
	"person_id" integer NOT NULL,
	"month" text NOT NULL,
	"granted" integer NOT NULL,
	"spent" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kudos_allowance_person_id_month_pk" PRIMARY KEY("person_id","month"),
	CONSTRAINT "kudos_allowance_within" CHECK ("kudos_allowance"."spent" >= 0 and "kudos_allowance"."spent" <= "kudos_allowance"."granted")
);
--> statement-breakpoint
CREATE TABLE "kudos_plus_one" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "kudos_plus_one_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kudos_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"points" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kudos_plus_one_once" UNIQUE("kudos_id","person_id"),
	CONSTRAINT "kudos_plus_one_points_not_negative" CHECK ("kudos_plus_one"."points" >= 0)
);
--> statement-breakpoint
CREATE TABLE "kudos_reaction" (
	"kudos_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"emoji" "kudos_emoji" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kudos_reaction_kudos_id_person_id_emoji_pk" PRIMARY KEY("kudos_id","person_id","emoji")
);
--> statement-breakpoint
CREATE TABLE "kudos_recipient" (
	"kudos_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"department_id" integer,
	"team_id" integer,
	"cross_department" boolean DEFAULT false NOT NULL,
	CONSTRAINT "kudos_recipient_kudos_id_person_id_pk" PRIMARY KEY("kudos_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "kudos_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"monthly_allowance" integer DEFAULT 100 NOT NULL,
	"max_points_per_kudos" integer DEFAULT 50 NOT NULL,
	"cross_department_bonus" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kudos_settings_single_row" CHECK ("kudos_settings"."id" = 1),
	CONSTRAINT "kudos_settings_not_negative" CHECK ("kudos_settings"."monthly_allowance" >= 0 and "kudos_settings"."max_points_per_kudos" >= 0 and "kudos_settings"."cross_department_bonus" >= 0)
);
--> statement-breakpoint
CREATE TABLE "reward" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "reward_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"cost" integer NOT NULL,
	"stock" integer,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reward_cost_positive" CHECK ("reward"."cost" > 0),
	CONSTRAINT "reward_stock_not_negative" CHECK ("reward"."stock" is null or "reward"."stock" >= 0),
	CONSTRAINT "reward_title_not_blank" CHECK (length(trim("reward"."title")) > 0)
);
--> statement-breakpoint
CREATE TABLE "reward_redemption" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "reward_redemption_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"reward_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"client_key" text NOT NULL,
	"cost" integer NOT NULL,
	"status" "redemption_status" DEFAULT 'pending' NOT NULL,
	"decided_by_id" integer,
	"decided_at" timestamp with time zone,
	"decline_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reward_redemption_client_key" UNIQUE("person_id","client_key")
);
--> statement-breakpoint
ALTER TABLE "kudos" ADD CONSTRAINT "kudos_giver_id_person_id_fk" FOREIGN KEY ("giver_id") REFERENCES "public"."person"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kudos" ADD CONSTRAINT "kudos_giver_department_id_department_id_fk" FOREIGN KEY ("giver_department_id") REFERENCES "public"."department"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kudos" ADD CONSTRAINT "kudos_giver_team_id_team_id_fk" FOREIGN KEY ("giver_team_id") REFERENCES "public"."team"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kudos" ADD CONSTRAINT "kudos_team_id_team_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."team"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kudos" ADD CONSTRAINT "kudos_value_id_company_value_id_fk" FOREIGN KEY ("value_id") REFERENCES "public"."company_value"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kudos" ADD CONSTRAINT "kudos_hidden_by_id_person_id_fk" FOREIGN KEY ("hidden_by_id") REFERENCES "public"."person"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kudos_allowance" ADD CONSTRAINT "kudos_allowance_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kudos_plus_one" ADD CONSTRAINT "kudos_plus_one_kudos_id_kudos_id_fk" FOREIGN KEY ("kudos_id") REFERENCES "public"."kudos"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kudos_plus_one" ADD CONSTRAINT "kudos_plus_one_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kudos_reaction" ADD CONSTRAINT "kudos_reaction_kudos_id_kudos_id_fk" FOREIGN KEY ("kudos_id") REFERENCES "public"."kudos"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kudos_reaction" ADD CONSTRAINT "kudos_reaction_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kudos_recipient" ADD CONSTRAINT "kudos_recipient_kudos_id_kudos_id_fk" FOREIGN KEY ("kudos_id") REFERENCES "public"."kudos"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kudos_recipient" ADD CONSTRAINT "kudos_recipient_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kudos_recipient" ADD CONSTRAINT "kudos_recipient_department_id_department_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."department"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kudos_recipient" ADD CONSTRAINT "kudos_recipient_team_id_team_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."team"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reward_redemption" ADD CONSTRAINT "reward_redemption_reward_id_reward_id_fk" FOREIGN KEY ("reward_id") REFERENCES "public"."reward"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reward_redemption" ADD CONSTRAINT "reward_redemption_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reward_redemption" ADD CONSTRAINT "reward_redemption_decided_by_id_person_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "public"."person"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "company_value_name_ci" ON "company_value" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "kudos_wall_idx" ON "kudos" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "kudos_giver_idx" ON "kudos" USING btree ("giver_id","created_at");--> statement-breakpoint
CREATE INDEX "kudos_value_idx" ON "kudos" USING btree ("value_id","created_at");--> statement-breakpoint
CREATE INDEX "kudos_recipient_person_idx" ON "kudos_recipient" USING btree ("person_id","kudos_id");--> statement-breakpoint
CREATE INDEX "reward_redemption_status_idx" ON "reward_redemption" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "reward_redemption_person_idx" ON "reward_redemption" USING btree ("person_id","created_at");--> statement-breakpoint
INSERT INTO "kudos_settings" ("id") VALUES (1) ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "company_value" ("name", "description", "position") VALUES
	('Customer first', 'We start from what the customer needs.', 1),
	('Better together', 'Support, product and engineering win as one team.', 2),
	('Own it', 'We follow through, end to end.', 3);
