CREATE TYPE "public"."lot_event_kind" AS ENUM('opened', 'paused', 'resumed', 'extended', 'disqualified', 'closed', 'cancelled', 'awarded');--> statement-breakpoint
CREATE TABLE "lot_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"lot_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"kind" "lot_event_kind" NOT NULL,
	"at" timestamp (6) with time zone NOT NULL,
	"ends_at" timestamp (6) with time zone NOT NULL,
	"actor_user_id" uuid,
	"reason" text,
	"bid_seq" integer
);
--> statement-breakpoint
ALTER TABLE "bids" ADD COLUMN "extended_to" timestamp (6) with time zone;--> statement-breakpoint
ALTER TABLE "lots" ADD COLUMN "paused_at" timestamp (6) with time zone;--> statement-breakpoint
ALTER TABLE "lots" ADD COLUMN "awarded_supplier_id" uuid;--> statement-breakpoint
ALTER TABLE "lots" ADD COLUMN "award_reason" text;--> statement-breakpoint
ALTER TABLE "lots" ADD COLUMN "awarded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tenders" ADD COLUMN "starts_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tenders" ADD COLUMN "duration_ms" integer DEFAULT 600000 NOT NULL;--> statement-breakpoint
ALTER TABLE "tenders" ADD COLUMN "stagger_ms" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "lot_events" ADD CONSTRAINT "lot_events_lot_id_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."lots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lot_events" ADD CONSTRAINT "lot_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "lot_events_lot_seq_key" ON "lot_events" USING btree ("lot_id","seq");--> statement-breakpoint
ALTER TABLE "lots" ADD CONSTRAINT "lots_awarded_supplier_id_organisations_id_fk" FOREIGN KEY ("awarded_supplier_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;