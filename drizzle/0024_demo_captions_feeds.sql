CREATE TABLE "demo_caption_cue" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "demo_caption_cue_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"demo_id" integer NOT NULL,
	"start_ms" integer NOT NULL,
	"end_ms" integer NOT NULL,
	"text" text NOT NULL,
	CONSTRAINT "demo_caption_cue_times" CHECK ("demo_caption_cue"."start_ms" >= 0 and "demo_caption_cue"."end_ms" > "demo_caption_cue"."start_ms"),
	CONSTRAINT "demo_caption_cue_text" CHECK (length("demo_caption_cue"."text") between 1 and 2000)
);
--> statement-breakpoint
CREATE TABLE "demo_feed_token" (
	"person_id" integer PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "demo_feed_token_tokenHash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
ALTER TABLE "demo_caption_cue" ADD CONSTRAINT "demo_caption_cue_demo_id_demo_id_fk" FOREIGN KEY ("demo_id") REFERENCES "public"."demo"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demo_feed_token" ADD CONSTRAINT "demo_feed_token_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "demo_caption_cue_idx" ON "demo_caption_cue" USING btree ("demo_id","start_ms");--> statement-breakpoint
CREATE INDEX "demo_caption_cue_search_idx" ON "demo_caption_cue" USING gin (to_tsvector('english', "text"));