CREATE TYPE "public"."media_status" AS ENUM('uploading', 'ready', 'failed');--> statement-breakpoint
CREATE TABLE "escalation_recording" (
	"escalation_id" integer NOT NULL,
	"media_id" integer NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "escalation_recording_escalation_id_media_id_pk" PRIMARY KEY("escalation_id","media_id")
);
--> statement-breakpoint
CREATE TABLE "media_file" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "media_file_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"owner_id" integer NOT NULL,
	"purpose" text NOT NULL,
	"content_type" text,
	"size_bytes" bigint DEFAULT 0 NOT NULL,
	"storage_key" text NOT NULL,
	"status" "media_status" DEFAULT 'uploading' NOT NULL,
	"failure" text,
	"duration_ms" integer,
	"thumbnail_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ready_at" timestamp with time zone,
	CONSTRAINT "media_file_storage_key" UNIQUE("storage_key"),
	CONSTRAINT "media_file_size_not_negative" CHECK ("media_file"."size_bytes" >= 0),
	CONSTRAINT "media_file_ready_has_type" CHECK ("media_file"."status" <> 'ready' or "media_file"."content_type" is not null)
);
--> statement-breakpoint
ALTER TABLE "escalation_recording" ADD CONSTRAINT "escalation_recording_escalation_id_escalation_id_fk" FOREIGN KEY ("escalation_id") REFERENCES "public"."escalation"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_recording" ADD CONSTRAINT "escalation_recording_media_id_media_file_id_fk" FOREIGN KEY ("media_id") REFERENCES "public"."media_file"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "media_file" ADD CONSTRAINT "media_file_owner_id_person_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."person"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "media_file_owner_idx" ON "media_file" USING btree ("owner_id","created_at");