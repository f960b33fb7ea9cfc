-- EDI for key accounts (issue 12): API keys, partner profiles, the raw archive, documents, timeline, mapping queue,
-- webhook deliveries; every row belongs to one key account, with the same row-level security as orders (0014).
CREATE TABLE "api_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"secret_hash" text NOT NULL,
	"scopes" text[] NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	"last_used_at" timestamp with time zone,
	"last_used_ip" text
);
--> statement-breakpoint
CREATE TABLE "edi_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigserial NOT NULL,
	"org_id" uuid NOT NULL,
	"direction" text NOT NULL,
	"interchange_id" uuid,
	"transmission_id" uuid,
	"syntax" text NOT NULL,
	"message_type" text NOT NULL,
	"kind" text NOT NULL,
	"message_ref" text,
	"document_number" text,
	"test" boolean DEFAULT false NOT NULL,
	"status" text NOT NULL,
	"status_reason" text,
	"canonical" jsonb,
	"issues" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"span_start" integer,
	"span_end" integer,
	"order_id" uuid,
	"answers_id" uuid,
	"source_event_id" uuid,
	"body" text,
	"fetched_at" timestamp with time zone,
	"acknowledged_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "edi_documents_seq_unique" UNIQUE("seq")
);
--> statement-breakpoint
CREATE TABLE "edi_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"document_id" uuid,
	"interchange_id" uuid,
	"kind" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"actor_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "edi_interchanges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"transmission_id" uuid NOT NULL,
	"direction" text NOT NULL,
	"syntax" text NOT NULL,
	"sender_id" text NOT NULL,
	"recipient_id" text NOT NULL,
	"control_ref" text NOT NULL,
	"sha256" text NOT NULL,
	"test" boolean DEFAULT false NOT NULL,
	"status" text NOT NULL,
	"issues" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"ack_transmission_id" uuid,
	"ack_due_at" timestamp with time zone,
	"acked_at" timestamp with time zone,
	"ack_action" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "edi_partners" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"mode" text DEFAULT 'test' NOT NULL,
	"syntax" text DEFAULT 'edifact' NOT NULL,
	"partner_gln" text,
	"our_gln" text,
	"edifact_qualifier" text DEFAULT '14' NOT NULL,
	"isa_qualifier" text,
	"isa_id" text,
	"our_isa_qualifier" text,
	"our_isa_id" text,
	"edifact_directory" text DEFAULT 'D96A' NOT NULL,
	"edifact_charset" text DEFAULT 'UNOC' NOT NULL,
	"edifact_syntax_version" integer DEFAULT 3 NOT NULL,
	"una" text DEFAULT ':+.? ''' NOT NULL,
	"x12_version" text DEFAULT '004010' NOT NULL,
	"messages" text[] DEFAULT array['ORDERS','ORDRSP','DESADV','INVOIC','PRICAT','INVRPT','APERAK']::text[] NOT NULL,
	"send_contrl" boolean DEFAULT true NOT NULL,
	"send997" boolean DEFAULT true NOT NULL,
	"send_ta1" boolean DEFAULT false NOT NULL,
	"order_response" text DEFAULT 'automatic' NOT NULL,
	"ack_expected_hours" integer DEFAULT 24 NOT NULL,
	"duplicate_window_days" integer DEFAULT 90 NOT NULL,
	"tolerant" boolean DEFAULT false NOT NULL,
	"item_ids" text[] DEFAULT array['gtin','buyer_article','sku']::text[] NOT NULL,
	"unknown_item" text DEFAULT 'reject' NOT NULL,
	"webhook_url" text,
	"webhook_secret_version" integer DEFAULT 0 NOT NULL,
	"last_control_number" integer DEFAULT 0 NOT NULL,
	"last_document_number" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "edi_ship_to_glns" (
	"org_id" uuid NOT NULL,
	"gln" text NOT NULL,
	"ship_to_id" uuid NOT NULL,
	"blocked" boolean DEFAULT false NOT NULL,
	CONSTRAINT "edi_ship_to_glns_org_id_gln_pk" PRIMARY KEY("org_id","gln")
);
--> statement-breakpoint
CREATE TABLE "edi_transmissions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"direction" text NOT NULL,
	"channel" text NOT NULL,
	"syntax" text NOT NULL,
	"content_type" text NOT NULL,
	"raw" "bytea" NOT NULL,
	"sha256" text NOT NULL,
	"size" integer NOT NULL,
	"charset" text,
	"idempotency_key" text,
	"api_key_id" text,
	"response" jsonb,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "edi_unmapped_items" (
	"org_id" uuid NOT NULL,
	"id_type" text NOT NULL,
	"code" text NOT NULL,
	"description" text,
	"occurrences" integer DEFAULT 1 NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_document_id" uuid,
	"product_id" uuid,
	"resolved_at" timestamp with time zone,
	"resolved_by" uuid,
	CONSTRAINT "edi_unmapped_items_org_id_id_type_code_pk" PRIMARY KEY("org_id","id_type","code")
);
--> statement-breakpoint
CREATE TABLE "edi_webhook_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	"url" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_status" integer,
	"last_error" text,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "channel" text DEFAULT 'web' NOT NULL;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edi_documents" ADD CONSTRAINT "edi_documents_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edi_documents" ADD CONSTRAINT "edi_documents_interchange_id_edi_interchanges_id_fk" FOREIGN KEY ("interchange_id") REFERENCES "public"."edi_interchanges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edi_documents" ADD CONSTRAINT "edi_documents_transmission_id_edi_transmissions_id_fk" FOREIGN KEY ("transmission_id") REFERENCES "public"."edi_transmissions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edi_documents" ADD CONSTRAINT "edi_documents_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edi_events" ADD CONSTRAINT "edi_events_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edi_events" ADD CONSTRAINT "edi_events_document_id_edi_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."edi_documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edi_events" ADD CONSTRAINT "edi_events_interchange_id_edi_interchanges_id_fk" FOREIGN KEY ("interchange_id") REFERENCES "public"."edi_interchanges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edi_events" ADD CONSTRAINT "edi_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edi_interchanges" ADD CONSTRAINT "edi_interchanges_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edi_interchanges" ADD CONSTRAINT "edi_interchanges_transmission_id_edi_transmissions_id_fk" FOREIGN KEY ("transmission_id") REFERENCES "public"."edi_transmissions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edi_interchanges" ADD CONSTRAINT "edi_interchanges_ack_transmission_id_edi_transmissions_id_fk" FOREIGN KEY ("ack_transmission_id") REFERENCES "public"."edi_transmissions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edi_partners" ADD CONSTRAINT "edi_partners_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edi_partners" ADD CONSTRAINT "edi_partners_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edi_ship_to_glns" ADD CONSTRAINT "edi_ship_to_glns_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edi_ship_to_glns" ADD CONSTRAINT "edi_ship_to_glns_ship_to_id_ship_to_locations_id_fk" FOREIGN KEY ("ship_to_id") REFERENCES "public"."ship_to_locations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edi_transmissions" ADD CONSTRAINT "edi_transmissions_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edi_transmissions" ADD CONSTRAINT "edi_transmissions_api_key_id_api_keys_id_fk" FOREIGN KEY ("api_key_id") REFERENCES "public"."api_keys"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edi_unmapped_items" ADD CONSTRAINT "edi_unmapped_items_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edi_unmapped_items" ADD CONSTRAINT "edi_unmapped_items_last_document_id_edi_documents_id_fk" FOREIGN KEY ("last_document_id") REFERENCES "public"."edi_documents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edi_unmapped_items" ADD CONSTRAINT "edi_unmapped_items_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edi_unmapped_items" ADD CONSTRAINT "edi_unmapped_items_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edi_webhook_deliveries" ADD CONSTRAINT "edi_webhook_deliveries_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edi_webhook_deliveries" ADD CONSTRAINT "edi_webhook_deliveries_document_id_edi_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."edi_documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_keys_org_idx" ON "api_keys" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "edi_documents_org_idx" ON "edi_documents" USING btree ("org_id","direction","seq");--> statement-breakpoint
CREATE INDEX "edi_documents_interchange_idx" ON "edi_documents" USING btree ("interchange_id");--> statement-breakpoint
CREATE INDEX "edi_documents_order_idx" ON "edi_documents" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "edi_documents_number_idx" ON "edi_documents" USING btree ("org_id","direction","document_number");--> statement-breakpoint
CREATE UNIQUE INDEX "edi_documents_source_event_key" ON "edi_documents" USING btree ("source_event_id") WHERE source_event_id is not null;--> statement-breakpoint
CREATE INDEX "edi_events_document_idx" ON "edi_events" USING btree ("document_id","at");--> statement-breakpoint
CREATE INDEX "edi_events_interchange_idx" ON "edi_events" USING btree ("interchange_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "edi_interchanges_key" ON "edi_interchanges" USING btree ("org_id","direction","sender_id","recipient_id","control_ref");--> statement-breakpoint
CREATE INDEX "edi_interchanges_transmission_idx" ON "edi_interchanges" USING btree ("transmission_id");--> statement-breakpoint
CREATE INDEX "edi_interchanges_ack_due_idx" ON "edi_interchanges" USING btree ("ack_due_at") WHERE acked_at is null and ack_due_at is not null;--> statement-breakpoint
CREATE INDEX "edi_transmissions_org_idx" ON "edi_transmissions" USING btree ("org_id","received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "edi_transmissions_idempotency_key" ON "edi_transmissions" USING btree ("org_id","idempotency_key") WHERE idempotency_key is not null;--> statement-breakpoint
CREATE INDEX "edi_transmissions_sha_idx" ON "edi_transmissions" USING btree ("org_id","sha256");--> statement-breakpoint
CREATE INDEX "edi_webhook_deliveries_due_idx" ON "edi_webhook_deliveries" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "edi_webhook_deliveries_org_idx" ON "edi_webhook_deliveries" USING btree ("org_id","created_at");--> statement-breakpoint
ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE api_keys FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON api_keys USING (portal_tenant_any() OR org_id = portal_tenant_org());
--> statement-breakpoint
ALTER TABLE edi_partners ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE edi_partners FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON edi_partners USING (portal_tenant_any() OR org_id = portal_tenant_org());
--> statement-breakpoint
ALTER TABLE edi_ship_to_glns ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE edi_ship_to_glns FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON edi_ship_to_glns USING (portal_tenant_any() OR org_id = portal_tenant_org());
--> statement-breakpoint
ALTER TABLE edi_transmissions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE edi_transmissions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON edi_transmissions USING (portal_tenant_any() OR org_id = portal_tenant_org());
--> statement-breakpoint
ALTER TABLE edi_interchanges ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE edi_interchanges FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON edi_interchanges USING (portal_tenant_any() OR org_id = portal_tenant_org());
--> statement-breakpoint
ALTER TABLE edi_documents ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE edi_documents FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON edi_documents USING (portal_tenant_any() OR org_id = portal_tenant_org());
--> statement-breakpoint
ALTER TABLE edi_events ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE edi_events FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON edi_events USING (portal_tenant_any() OR org_id = portal_tenant_org());
--> statement-breakpoint
ALTER TABLE edi_unmapped_items ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE edi_unmapped_items FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON edi_unmapped_items USING (portal_tenant_any() OR org_id = portal_tenant_org());
--> statement-breakpoint
ALTER TABLE edi_webhook_deliveries ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE edi_webhook_deliveries FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON edi_webhook_deliveries USING (portal_tenant_any() OR org_id = portal_tenant_org());
