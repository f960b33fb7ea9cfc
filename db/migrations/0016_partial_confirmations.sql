ALTER TYPE "public"."order_status" ADD VALUE 'partly_confirmed' BEFORE 'partly_shipped';--> statement-breakpoint
ALTER TABLE "order_lines" DROP CONSTRAINT "order_lines_quantities";--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "legal_address" text;--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "cancelled_qty" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "free_freight_minor" bigint;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "freight_rate_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_quantities" CHECK ("order_lines"."qty" > 0 and "order_lines"."shipped_qty" >= 0 and "order_lines"."shipped_qty" <= coalesce("order_lines"."confirmed_qty", "order_lines"."qty") and "order_lines"."cancelled_qty" >= 0 and coalesce("order_lines"."confirmed_qty", 0) + "order_lines"."cancelled_qty" <= "order_lines"."qty");--> statement-breakpoint
-- Orders placed before this migration: their freight rule as the organisation's terms have it now (the nearest
-- record of what applied); without terms, the operator's default (no threshold, no charge).
UPDATE "orders" SET "free_freight_minor" = dt."free_freight_minor", "freight_rate_minor" = dt."freight_minor" FROM "delivery_terms" dt WHERE dt."org_id" = "orders"."org_id";
