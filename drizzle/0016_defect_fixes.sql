ALTER TYPE "public"."redemption_status" ADD VALUE 'cancelled';--> statement-breakpoint
ALTER TABLE "bug" ADD COLUMN "edited_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "escalation" ADD COLUMN "resolution_note" text;