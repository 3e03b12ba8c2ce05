ALTER TYPE "public"."redemption_status" ADD VALUE 'cancelled';--> statement-breakpoint
ALTER TABLE "escalation" ADD COLUMN "resolution_note" text;