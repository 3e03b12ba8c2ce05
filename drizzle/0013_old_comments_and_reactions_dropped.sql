-- Their rows were copied into "comment" and "reaction" by 0012.
DROP TABLE "bug_comment" CASCADE;--> statement-breakpoint
DROP TABLE "escalation_comment" CASCADE;--> statement-breakpoint
DROP TABLE "kudos_reaction" CASCADE;--> statement-breakpoint
DROP TYPE "public"."kudos_emoji";