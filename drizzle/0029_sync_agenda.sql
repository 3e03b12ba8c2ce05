CREATE TYPE "public"."sync_agenda_status" AS ENUM('draft', 'published');--> statement-breakpoint
CREATE TABLE "sync_action_item" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sync_action_item_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"agenda_id" integer NOT NULL,
	"title" text NOT NULL,
	"owner_id" integer NOT NULL,
	"due_on" date NOT NULL,
	"done_at" timestamp with time zone,
	"done_by_id" integer,
	"created_by_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sync_action_item_title" CHECK (length(trim("sync_action_item"."title")) between 1 and 300)
);
--> statement-breakpoint
CREATE TABLE "sync_agenda" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sync_agenda_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"month" text NOT NULL,
	"status" "sync_agenda_status" DEFAULT 'draft' NOT NULL,
	"meeting_at" timestamp with time zone NOT NULL,
	"figures" jsonb NOT NULL,
	"generated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"generated_by_id" integer,
	"generations" integer DEFAULT 1 NOT NULL,
	"snapshot" jsonb,
	"published_at" timestamp with time zone,
	"published_by_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sync_agenda_month_format" CHECK ("sync_agenda"."month" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
	CONSTRAINT "sync_agenda_published_frozen" CHECK (("sync_agenda"."status" = 'published') = ("sync_agenda"."snapshot" is not null and "sync_agenda"."published_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "sync_attendee" (
	"agenda_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"reason" text NOT NULL,
	CONSTRAINT "sync_attendee_agenda_id_person_id_pk" PRIMARY KEY("agenda_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "sync_note" (
	"agenda_id" integer NOT NULL,
	"section" text NOT NULL,
	"body" text NOT NULL,
	"updated_by_id" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sync_note_agenda_id_section_pk" PRIMARY KEY("agenda_id","section"),
	CONSTRAINT "sync_note_length" CHECK (length("sync_note"."body") <= 8000)
);
--> statement-breakpoint
ALTER TABLE "sync_action_item" ADD CONSTRAINT "sync_action_item_agenda_id_sync_agenda_id_fk" FOREIGN KEY ("agenda_id") REFERENCES "public"."sync_agenda"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_action_item" ADD CONSTRAINT "sync_action_item_owner_id_person_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."person"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_action_item" ADD CONSTRAINT "sync_action_item_done_by_id_person_id_fk" FOREIGN KEY ("done_by_id") REFERENCES "public"."person"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_action_item" ADD CONSTRAINT "sync_action_item_created_by_id_person_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."person"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_agenda" ADD CONSTRAINT "sync_agenda_generated_by_id_person_id_fk" FOREIGN KEY ("generated_by_id") REFERENCES "public"."person"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_agenda" ADD CONSTRAINT "sync_agenda_published_by_id_person_id_fk" FOREIGN KEY ("published_by_id") REFERENCES "public"."person"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_attendee" ADD CONSTRAINT "sync_attendee_agenda_id_sync_agenda_id_fk" FOREIGN KEY ("agenda_id") REFERENCES "public"."sync_agenda"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_attendee" ADD CONSTRAINT "sync_attendee_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_note" ADD CONSTRAINT "sync_note_agenda_id_sync_agenda_id_fk" FOREIGN KEY ("agenda_id") REFERENCES "public"."sync_agenda"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_note" ADD CONSTRAINT "sync_note_updated_by_id_person_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."person"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sync_action_item_agenda_idx" ON "sync_action_item" USING btree ("agenda_id","id");--> statement-breakpoint
CREATE INDEX "sync_action_item_owner_idx" ON "sync_action_item" USING btree ("owner_id","done_at");--> statement-breakpoint
CREATE UNIQUE INDEX "sync_agenda_month_unique" ON "sync_agenda" USING btree ("month");