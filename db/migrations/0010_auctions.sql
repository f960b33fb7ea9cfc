CREATE TYPE "public"."lot_status" AS ENUM('scheduled', 'live', 'paused', 'closed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."tender_status" AS ENUM('draft', 'scheduled', 'live', 'closed', 'awarded', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."visibility_preset" AS ENUM('rank', 'rank_best', 'full');--> statement-breakpoint
CREATE TABLE "bids" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"lot_id" uuid NOT NULL,
	"supplier_org_id" uuid NOT NULL,
	"user_id" uuid,
	"price_minor" bigint NOT NULL,
	"seq" integer NOT NULL,
	"received_at" timestamp (6) with time zone NOT NULL,
	"client_bid_id" text NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	"disqualified_reason" text
);
--> statement-breakpoint
CREATE TABLE "invitations" (
	"tender_id" uuid NOT NULL,
	"supplier_org_id" uuid NOT NULL,
	"accepted_terms_at" timestamp with time zone,
	"invited_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invitations_tender_id_supplier_org_id_pk" PRIMARY KEY("tender_id","supplier_org_id")
);
--> statement-breakpoint
CREATE TABLE "lots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tender_id" uuid NOT NULL,
	"line_no" integer NOT NULL,
	"item" text NOT NULL,
	"quantity" integer NOT NULL,
	"unit" text DEFAULT 'pcs' NOT NULL,
	"start_price_minor" bigint NOT NULL,
	"reserve_minor" bigint,
	"min_step_minor" bigint NOT NULL,
	"max_step_minor" bigint NOT NULL,
	"status" "lot_status" DEFAULT 'scheduled' NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"seq" integer DEFAULT 0 NOT NULL,
	"best_price_minor" bigint,
	"best_supplier_id" uuid,
	"extensions" integer DEFAULT 0 NOT NULL,
	"last_extended_seq" integer,
	CONSTRAINT "lots_steps" CHECK ("lots"."min_step_minor" > 0 and "lots"."max_step_minor" >= "lots"."min_step_minor" and "lots"."start_price_minor" > 0)
);
--> statement-breakpoint
CREATE TABLE "tenders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"buyer_org_id" uuid NOT NULL,
	"title" text NOT NULL,
	"status" "tender_status" DEFAULT 'draft' NOT NULL,
	"visibility" "visibility_preset" DEFAULT 'rank' NOT NULL,
	"currency" text DEFAULT 'RUB' NOT NULL,
	"soft_window_ms" integer DEFAULT 120000 NOT NULL,
	"soft_extension_ms" integer DEFAULT 120000 NOT NULL,
	"max_extensions" integer,
	"terms" text DEFAULT '' NOT NULL,
	"cancel_reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bids" ADD CONSTRAINT "bids_lot_id_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."lots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bids" ADD CONSTRAINT "bids_supplier_org_id_organisations_id_fk" FOREIGN KEY ("supplier_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bids" ADD CONSTRAINT "bids_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_supplier_org_id_organisations_id_fk" FOREIGN KEY ("supplier_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lots" ADD CONSTRAINT "lots_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenders" ADD CONSTRAINT "tenders_buyer_org_id_organisations_id_fk" FOREIGN KEY ("buyer_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenders" ADD CONSTRAINT "tenders_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bids_lot_seq_key" ON "bids" USING btree ("lot_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "bids_client_key" ON "bids" USING btree ("supplier_org_id","client_bid_id");--> statement-breakpoint
CREATE INDEX "bids_lot_supplier_idx" ON "bids" USING btree ("lot_id","supplier_org_id");--> statement-breakpoint
CREATE INDEX "invitations_supplier_idx" ON "invitations" USING btree ("supplier_org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "lots_tender_line_key" ON "lots" USING btree ("tender_id","line_no");--> statement-breakpoint
CREATE INDEX "lots_status_ends_idx" ON "lots" USING btree ("status","ends_at");