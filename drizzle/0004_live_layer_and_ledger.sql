CREATE TYPE "public"."ledger_kind" AS ENUM('award', 'spend', 'reversal');--> statement-breakpoint
CREATE TABLE "command_receipt" (
	"person_id" integer NOT NULL,
	"command_id" text NOT NULL,
	"result" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "command_receipt_person_id_command_id_pk" PRIMARY KEY("person_id","command_id")
);
--> statement-breakpoint
CREATE TABLE "room_event" (
	"room" text NOT NULL,
	"seq" bigint NOT NULL,
	"type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"actor_id" integer,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "room_event_room_seq_pk" PRIMARY KEY("room","seq"),
	CONSTRAINT "room_event_seq_positive" CHECK ("room_event"."seq" > 0)
);
--> statement-breakpoint
CREATE TABLE "room_seq" (
	"room" text PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "badge_award" (
	"person_id" integer NOT NULL,
	"badge" text NOT NULL,
	"awarded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "badge_award_person_id_badge_pk" PRIMARY KEY("person_id","badge")
);
--> statement-breakpoint
CREATE TABLE "balance" (
	"person_id" integer PRIMARY KEY NOT NULL,
	"points" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "balance_never_negative" CHECK ("balance"."points" >= 0)
);
--> statement-breakpoint
CREATE TABLE "leaderboard_total" (
	"scope" text NOT NULL,
	"board" text NOT NULL,
	"period" text NOT NULL,
	"period_key" text NOT NULL,
	"subject_id" integer NOT NULL,
	"points" integer NOT NULL,
	"reached_at" timestamp with time zone NOT NULL,
	CONSTRAINT "leaderboard_total_scope_board_period_period_key_subject_id_pk" PRIMARY KEY("scope","board","period","period_key","subject_id")
);
--> statement-breakpoint
CREATE TABLE "ledger_entry" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "ledger_entry_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"person_id" integer NOT NULL,
	"kind" "ledger_kind" NOT NULL,
	"amount" integer NOT NULL,
	"source_kind" text NOT NULL,
	"source_id" text NOT NULL,
	"reason" text,
	"team_id" integer,
	"department_id" integer,
	"scopes" text[] DEFAULT '{}'::text[] NOT NULL,
	"reverses_id" bigint,
	"time_zone" text DEFAULT 'UTC' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_entry_source_unique" UNIQUE("person_id","kind","source_kind","source_id"),
	CONSTRAINT "ledger_entry_reverses_unique" UNIQUE("reverses_id"),
	CONSTRAINT "ledger_entry_amount_nonzero" CHECK ("ledger_entry"."amount" <> 0),
	CONSTRAINT "ledger_entry_amount_sign" CHECK (("ledger_entry"."kind" = 'award' and "ledger_entry"."amount" > 0) or ("ledger_entry"."kind" = 'spend' and "ledger_entry"."amount" < 0) or "ledger_entry"."kind" = 'reversal'),
	CONSTRAINT "ledger_entry_reversal_target" CHECK (("ledger_entry"."kind" = 'reversal') = ("ledger_entry"."reverses_id" is not null))
);
--> statement-breakpoint
ALTER TABLE "command_receipt" ADD CONSTRAINT "command_receipt_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_event" ADD CONSTRAINT "room_event_actor_id_person_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."person"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "badge_award" ADD CONSTRAINT "badge_award_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "balance" ADD CONSTRAINT "balance_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_team_id_team_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."team"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_department_id_department_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."department"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "command_receipt_created_idx" ON "command_receipt" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "room_event_at_idx" ON "room_event" USING btree ("at");--> statement-breakpoint
CREATE INDEX "leaderboard_rank_idx" ON "leaderboard_total" USING btree ("scope","board","period","period_key","points" DESC NULLS LAST,"reached_at","subject_id");--> statement-breakpoint
CREATE INDEX "ledger_entry_person_idx" ON "ledger_entry" USING btree ("person_id","created_at");