ALTER TYPE "public"."role" ADD VALUE 'shop_manager';--> statement-breakpoint
ALTER TYPE "public"."role" ADD VALUE 'shop_assistant';--> statement-breakpoint
CREATE TABLE "contest_awards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contest_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"shop_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"rank" integer NOT NULL,
	"score" bigint NOT NULL,
	"amount_minor" bigint NOT NULL,
	"ledger_line_id" uuid
);
--> statement-breakpoint
CREATE TABLE "contest_flags" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid NOT NULL,
	"contest_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"shop_id" uuid NOT NULL,
	"user_id" uuid,
	"rule" text NOT NULL,
	"reason" text NOT NULL,
	"figures" jsonb NOT NULL,
	"thresholds" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contest_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contest_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"by" uuid,
	"thresholds" jsonb NOT NULL,
	"summary" jsonb NOT NULL,
	"duration_ms" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name_ru" text NOT NULL,
	"name_en" text NOT NULL,
	"rules_ru" text NOT NULL,
	"rules_en" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"metric" text DEFAULT 'units' NOT NULL,
	"improvement" boolean DEFAULT false NOT NULL,
	"product_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"category_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"org_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"prizes" jsonb NOT NULL,
	"min_active_sellers" integer DEFAULT 3 NOT NULL,
	"thresholds" jsonb,
	"status" text DEFAULT 'running' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "honour_photos" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"mime" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "personal_data_consents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"text_version" text NOT NULL,
	"text" text NOT NULL,
	"given_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ip" text,
	"withdrawn_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "pos_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"uploaded_by" uuid NOT NULL,
	"line_count" integer NOT NULL,
	"accepted_count" integer NOT NULL,
	"rejected_count" integer NOT NULL,
	"report" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sale_report_photos" (
	"report_id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"mime" text NOT NULL,
	"bytes" "bytea" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sale_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"shop_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"qty" integer NOT NULL,
	"unit_price_minor" bigint DEFAULT 0 NOT NULL,
	"serial" text,
	"sold_on" date NOT NULL,
	"receipt_no" text NOT NULL,
	"customer_phone" text,
	"source" text DEFAULT 'assistant' NOT NULL,
	"pos_import_id" uuid,
	"status" text DEFAULT 'pending' NOT NULL,
	"reject_reason" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"returned_qty" integer DEFAULT 0 NOT NULL,
	"returned_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sale_reports_qty" CHECK ("sale_reports"."qty" > 0 and "sale_reports"."qty" <= 10000 and "sale_reports"."returned_qty" >= 0 and "sale_reports"."returned_qty" <= "sale_reports"."qty")
);
--> statement-breakpoint
CREATE TABLE "sarm_bonus_norms" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"shop_id" uuid,
	"user_id" uuid,
	"norm_units" integer NOT NULL,
	CONSTRAINT "sarm_bonus_norms_target" CHECK (("sarm_bonus_norms"."shop_id" is null) <> ("sarm_bonus_norms"."user_id" is null) and "sarm_bonus_norms"."norm_units" >= 0)
);
--> statement-breakpoint
CREATE TABLE "sarm_bonus_programmes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name_ru" text NOT NULL,
	"name_en" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"product_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"category_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"org_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"norm_units" integer NOT NULL,
	"rate_minor" bigint NOT NULL,
	"cap_minor" bigint,
	"required_training_id" uuid,
	"status" text DEFAULT 'active' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sarm_event_rsvps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"status" text NOT NULL,
	"attended" boolean,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sarm_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"title_ru" text NOT NULL,
	"title_en" text NOT NULL,
	"description_ru" text DEFAULT '' NOT NULL,
	"description_en" text DEFAULT '' NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"place" text NOT NULL,
	"capacity" integer NOT NULL,
	"eligibility" jsonb NOT NULL,
	"reminded_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sarm_registration_codes" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"code_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sarm_registration_codes_codeHash_unique" UNIQUE("code_hash")
);
--> statement-breakpoint
CREATE TABLE "serial_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"serial" text NOT NULL,
	"delivered_on" date NOT NULL,
	"order_id" uuid
);
--> statement-breakpoint
CREATE TABLE "shop_assistants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"shop_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date,
	"pos_code" text,
	"phone" text,
	"confirmed_by" uuid,
	"confirmed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "shop_assistants_dates" CHECK ("shop_assistants"."ends_on" is null or "shop_assistants"."ends_on" >= "shop_assistants"."starts_on")
);
--> statement-breakpoint
CREATE TABLE "shops" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"address" text NOT NULL,
	"region" text NOT NULL,
	"manager_user_id" uuid,
	"closed_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_completions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"training_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"score_pct" integer,
	"certificate_no" text NOT NULL,
	"completed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_completions_certificateNo_unique" UNIQUE("certificate_no")
);
--> statement-breakpoint
CREATE TABLE "training_questions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"training_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"text_ru" text NOT NULL,
	"text_en" text NOT NULL,
	"options" jsonb NOT NULL,
	"correct_index" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_registrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"training_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "trainings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"title_ru" text NOT NULL,
	"title_en" text NOT NULL,
	"description_ru" text DEFAULT '' NOT NULL,
	"description_en" text DEFAULT '' NOT NULL,
	"material_ru" text DEFAULT '' NOT NULL,
	"material_en" text DEFAULT '' NOT NULL,
	"pass_mark_pct" integer DEFAULT 80 NOT NULL,
	"starts_at" timestamp with time zone,
	"place" text,
	"capacity" integer,
	"certifies" boolean DEFAULT true NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "contest_awards" ADD CONSTRAINT "contest_awards_contest_id_contests_id_fk" FOREIGN KEY ("contest_id") REFERENCES "public"."contests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_awards" ADD CONSTRAINT "contest_awards_run_id_contest_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."contest_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_awards" ADD CONSTRAINT "contest_awards_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_awards" ADD CONSTRAINT "contest_awards_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_awards" ADD CONSTRAINT "contest_awards_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_flags" ADD CONSTRAINT "contest_flags_run_id_contest_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."contest_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_flags" ADD CONSTRAINT "contest_flags_contest_id_contests_id_fk" FOREIGN KEY ("contest_id") REFERENCES "public"."contests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_flags" ADD CONSTRAINT "contest_flags_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_flags" ADD CONSTRAINT "contest_flags_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_flags" ADD CONSTRAINT "contest_flags_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_runs" ADD CONSTRAINT "contest_runs_contest_id_contests_id_fk" FOREIGN KEY ("contest_id") REFERENCES "public"."contests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_runs" ADD CONSTRAINT "contest_runs_by_users_id_fk" FOREIGN KEY ("by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contests" ADD CONSTRAINT "contests_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "honour_photos" ADD CONSTRAINT "honour_photos_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "honour_photos" ADD CONSTRAINT "honour_photos_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "personal_data_consents" ADD CONSTRAINT "personal_data_consents_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "personal_data_consents" ADD CONSTRAINT "personal_data_consents_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pos_imports" ADD CONSTRAINT "pos_imports_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pos_imports" ADD CONSTRAINT "pos_imports_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sale_report_photos" ADD CONSTRAINT "sale_report_photos_report_id_sale_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."sale_reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sale_report_photos" ADD CONSTRAINT "sale_report_photos_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sale_reports" ADD CONSTRAINT "sale_reports_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sale_reports" ADD CONSTRAINT "sale_reports_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sale_reports" ADD CONSTRAINT "sale_reports_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sale_reports" ADD CONSTRAINT "sale_reports_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sale_reports" ADD CONSTRAINT "sale_reports_pos_import_id_pos_imports_id_fk" FOREIGN KEY ("pos_import_id") REFERENCES "public"."pos_imports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sale_reports" ADD CONSTRAINT "sale_reports_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sarm_bonus_norms" ADD CONSTRAINT "sarm_bonus_norms_programme_id_sarm_bonus_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."sarm_bonus_programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sarm_bonus_norms" ADD CONSTRAINT "sarm_bonus_norms_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sarm_bonus_norms" ADD CONSTRAINT "sarm_bonus_norms_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sarm_bonus_programmes" ADD CONSTRAINT "sarm_bonus_programmes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sarm_event_rsvps" ADD CONSTRAINT "sarm_event_rsvps_event_id_sarm_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."sarm_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sarm_event_rsvps" ADD CONSTRAINT "sarm_event_rsvps_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sarm_event_rsvps" ADD CONSTRAINT "sarm_event_rsvps_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sarm_events" ADD CONSTRAINT "sarm_events_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sarm_registration_codes" ADD CONSTRAINT "sarm_registration_codes_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "serial_deliveries" ADD CONSTRAINT "serial_deliveries_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "serial_deliveries" ADD CONSTRAINT "serial_deliveries_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shop_assistants" ADD CONSTRAINT "shop_assistants_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shop_assistants" ADD CONSTRAINT "shop_assistants_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shop_assistants" ADD CONSTRAINT "shop_assistants_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shop_assistants" ADD CONSTRAINT "shop_assistants_confirmed_by_users_id_fk" FOREIGN KEY ("confirmed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shops" ADD CONSTRAINT "shops_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shops" ADD CONSTRAINT "shops_manager_user_id_users_id_fk" FOREIGN KEY ("manager_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_completions" ADD CONSTRAINT "training_completions_training_id_trainings_id_fk" FOREIGN KEY ("training_id") REFERENCES "public"."trainings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_completions" ADD CONSTRAINT "training_completions_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_completions" ADD CONSTRAINT "training_completions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_questions" ADD CONSTRAINT "training_questions_training_id_trainings_id_fk" FOREIGN KEY ("training_id") REFERENCES "public"."trainings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_registrations" ADD CONSTRAINT "training_registrations_training_id_trainings_id_fk" FOREIGN KEY ("training_id") REFERENCES "public"."trainings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_registrations" ADD CONSTRAINT "training_registrations_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_registrations" ADD CONSTRAINT "training_registrations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "contest_awards_key" ON "contest_awards" USING btree ("contest_id","rank");--> statement-breakpoint
CREATE INDEX "contest_awards_org_idx" ON "contest_awards" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "contest_flags_run_idx" ON "contest_flags" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "contest_flags_org_idx" ON "contest_flags" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "contest_runs_contest_idx" ON "contest_runs" USING btree ("contest_id","at");--> statement-breakpoint
CREATE INDEX "personal_data_consents_user_idx" ON "personal_data_consents" USING btree ("user_id","purpose");--> statement-breakpoint
CREATE INDEX "pos_imports_org_idx" ON "pos_imports" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "sale_reports_user_idx" ON "sale_reports" USING btree ("user_id","sold_on");--> statement-breakpoint
CREATE INDEX "sale_reports_shop_idx" ON "sale_reports" USING btree ("shop_id","sold_on");--> statement-breakpoint
CREATE INDEX "sale_reports_org_status_idx" ON "sale_reports" USING btree ("org_id","status","created_at");--> statement-breakpoint
CREATE INDEX "sale_reports_sold_idx" ON "sale_reports" USING btree ("sold_on");--> statement-breakpoint
CREATE UNIQUE INDEX "sale_reports_serial_key" ON "sale_reports" USING btree ("product_id","serial") WHERE serial is not null and status <> 'rejected';--> statement-breakpoint
CREATE UNIQUE INDEX "sarm_bonus_norms_key" ON "sarm_bonus_norms" USING btree ("programme_id","shop_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sarm_event_rsvps_key" ON "sarm_event_rsvps" USING btree ("event_id","user_id");--> statement-breakpoint
CREATE INDEX "sarm_event_rsvps_list_idx" ON "sarm_event_rsvps" USING btree ("event_id","status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "serial_deliveries_key" ON "serial_deliveries" USING btree ("product_id","serial");--> statement-breakpoint
CREATE INDEX "shop_assistants_shop_idx" ON "shop_assistants" USING btree ("shop_id","starts_on");--> statement-breakpoint
CREATE INDEX "shop_assistants_user_idx" ON "shop_assistants" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "shop_assistants_pos_code_key" ON "shop_assistants" USING btree ("org_id","pos_code") WHERE pos_code is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "shops_code_key" ON "shops" USING btree ("org_id","code");--> statement-breakpoint
CREATE INDEX "shops_manager_idx" ON "shops" USING btree ("manager_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "training_completions_key" ON "training_completions" USING btree ("training_id","user_id");--> statement-breakpoint
CREATE INDEX "training_completions_org_idx" ON "training_completions" USING btree ("org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "training_questions_key" ON "training_questions" USING btree ("training_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "training_registrations_key" ON "training_registrations" USING btree ("training_id","user_id");--> statement-breakpoint
CREATE INDEX "training_registrations_list_idx" ON "training_registrations" USING btree ("training_id","status","created_at");--> statement-breakpoint
-- Row-level security for what belongs to one dealer (as migrations 0014 and 0021 do). The operator's programmes,
-- contests, trainings and events are the operator's own; honour_photos is published by consent (see its table).
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY array['shops','shop_assistants','personal_data_consents','serial_deliveries','pos_imports',
    'sale_reports','sale_report_photos','contest_awards','contest_flags','training_registrations','training_completions',
    'sarm_event_rsvps'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (portal_tenant_any() OR org_id = portal_tenant_org())', t);
  END LOOP;
END
$$;
