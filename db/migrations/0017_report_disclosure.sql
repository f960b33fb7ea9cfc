CREATE TYPE "public"."report_disclosure" AS ENUM('none', 'own_rank', 'best_curve', 'full_curve');--> statement-breakpoint
ALTER TABLE "tenders" ADD COLUMN "disclosure" "report_disclosure";