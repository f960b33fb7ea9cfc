CREATE TYPE "public"."partner_application_status" AS ENUM('received', 'checking', 'agreement_offered', 'agreement_accepted', 'active', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."deal_status" AS ENUM('submitted', 'conflict', 'approved', 'rejected', 'expired', 'won', 'lost');--> statement-breakpoint
CREATE TYPE "public"."ledger_status" AS ENUM('pending', 'held', 'approved', 'paid', 'reversed');--> statement-breakpoint
CREATE TABLE "password_setup_tokens" (
	"id" text PRIMARY KEY NOT NULL,
	"secret_hash" text NOT NULL,
	"user_id" uuid NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dealer_group_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"dealer_group" text,
	"effective_from" date NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invoices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"order_id" uuid,
	"number" text NOT NULL,
	"issued_on" date NOT NULL,
	"due_on" date NOT NULL,
	"currency" text DEFAULT 'RUB' NOT NULL,
	"amount_minor" bigint NOT NULL,
	"paid_minor" bigint DEFAULT 0 NOT NULL,
	"paid_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invoices_number_unique" UNIQUE("number"),
	CONSTRAINT "invoices_amounts" CHECK ("invoices"."amount_minor" >= 0 and "invoices"."paid_minor" >= 0 and "invoices"."paid_minor" <= "invoices"."amount_minor")
);
--> statement-breakpoint
CREATE TABLE "mail_outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"to_address" text NOT NULL,
	"to_name" text,
	"locale" text NOT NULL,
	"kind" text NOT NULL,
	"subject" text NOT NULL,
	"text_body" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"org_id" uuid,
	"kind" text NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"link" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "deal_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"deal_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"status" "deal_status" NOT NULL,
	"kind" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"actor_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deal_orders" (
	"deal_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	CONSTRAINT "deal_orders_deal_id_order_id_pk" PRIMARY KEY("deal_id","order_id")
);
--> statement-breakpoint
CREATE TABLE "deal_registrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"org_id" uuid NOT NULL,
	"end_customer_inn" text NOT NULL,
	"end_customer_name" text NOT NULL,
	"end_customer_region" text NOT NULL,
	"product_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"category_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"expected_qty" integer NOT NULL,
	"expected_value_minor" bigint NOT NULL,
	"expected_close_on" date NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"status" "deal_status" DEFAULT 'submitted' NOT NULL,
	"conflict_with_id" uuid,
	"protected_until" date,
	"price_list_id" uuid,
	"decision_note" text,
	"lost_reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deal_registrations_number_unique" UNIQUE("number"),
	CONSTRAINT "deal_registrations_amounts" CHECK ("deal_registrations"."expected_qty" > 0 and "deal_registrations"."expected_value_minor" >= 0)
);
--> statement-breakpoint
CREATE TABLE "partner_application_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"status" "partner_application_status" NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"actor_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "partner_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"status" "partner_application_status" DEFAULT 'received' NOT NULL,
	"legal_name" text NOT NULL,
	"short_name" text NOT NULL,
	"inn" text NOT NULL,
	"kpp" text,
	"region" text NOT NULL,
	"legal_address" text,
	"interest_category_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"interests_note" text DEFAULT '' NOT NULL,
	"contact_name" text NOT NULL,
	"contact_email" text NOT NULL,
	"contact_phone" text NOT NULL,
	"locale" text NOT NULL,
	"consent_text" text NOT NULL,
	"consent_version" text NOT NULL,
	"consent_at" timestamp with time zone NOT NULL,
	"consent_ip" text,
	"verification" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"verification_status" text DEFAULT 'unchecked' NOT NULL,
	"rejection_reason" text,
	"agreement_version" text,
	"agreement_offered_at" timestamp with time zone,
	"agreement_accepted_at" timestamp with time zone,
	"status_secret_hash" text NOT NULL,
	"org_id" uuid,
	"assigned_to" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "partner_applications_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "partner_certifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"user_id" uuid,
	"person_name" text NOT NULL,
	"course" text NOT NULL,
	"completed_on" date NOT NULL,
	"expires_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "partner_programmes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name_ru" text NOT NULL,
	"name_en" text NOT NULL,
	"grace_months" integer DEFAULT 3 NOT NULL,
	"deal_protection_days" integer DEFAULT 90 NOT NULL,
	"effective_lag_days" integer,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "partner_programmes_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "partner_targets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"period_kind" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"metric" text NOT NULL,
	"category_id" uuid,
	"target" bigint NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "partner_targets_period" CHECK ("partner_targets"."period_end" >= "partner_targets"."period_start" and "partner_targets"."target" > 0)
);
--> statement-breakpoint
CREATE TABLE "programme_members" (
	"programme_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"tier_id" uuid NOT NULL,
	"since" date NOT NULL,
	"grace_tier_id" uuid,
	"grace_until" date,
	"override_tier_id" uuid,
	"override_reason" text,
	"override_until" date,
	"override_by" uuid,
	"last_evaluated_at" timestamp with time zone,
	CONSTRAINT "programme_members_programme_id_org_id_pk" PRIMARY KEY("programme_id","org_id")
);
--> statement-breakpoint
CREATE TABLE "programme_tiers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"rank" integer NOT NULL,
	"code" text NOT NULL,
	"name_ru" text NOT NULL,
	"name_en" text NOT NULL,
	"criteria" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"benefits" jsonb DEFAULT '{"dealerGroup":null}'::jsonb NOT NULL,
	CONSTRAINT "programme_tiers_rank_positive" CHECK ("programme_tiers"."rank" >= 1)
);
--> statement-breakpoint
CREATE TABLE "rebate_periods" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"rebate_programme_id" uuid NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"last_accrued_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"closed_by" uuid
);
--> statement-breakpoint
CREATE TABLE "rebate_programmes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid,
	"code" text NOT NULL,
	"name_ru" text NOT NULL,
	"name_en" text NOT NULL,
	"period_kind" text NOT NULL,
	"kind" text NOT NULL,
	"growth" boolean DEFAULT false NOT NULL,
	"steps" jsonb NOT NULL,
	"category_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"min_tier_rank" integer,
	"budget_minor" bigint,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rebate_programmes_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "tier_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"from_tier_id" uuid,
	"to_tier_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"effective_from" date NOT NULL,
	"evaluation_id" uuid,
	"actor_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tier_evaluations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"as_of" date NOT NULL,
	"qualified_tier_id" uuid NOT NULL,
	"result_tier_id" uuid NOT NULL,
	"metrics" jsonb NOT NULL,
	"trigger" text NOT NULL,
	"actor_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger_dispute_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dispute_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"author_id" uuid,
	"side" text NOT NULL,
	"body" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger_disputes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"line_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"opened_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"line_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"from_status" "ledger_status",
	"to_status" "ledger_status" NOT NULL,
	"kind" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"actor_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"user_id" uuid,
	"source" text NOT NULL,
	"programme_id" uuid,
	"programme_name_ru" text NOT NULL,
	"programme_name_en" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text DEFAULT 'RUB' NOT NULL,
	"explanation" jsonb NOT NULL,
	"status" "ledger_status" DEFAULT 'pending' NOT NULL,
	"hold_reasons" text[] DEFAULT '{}'::text[] NOT NULL,
	"reversal_reason" text,
	"corrects_line_id" uuid,
	"batch_id" uuid,
	"accrual_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payout_batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"status" text DEFAULT 'prepared' NOT NULL,
	"currency" text DEFAULT 'RUB' NOT NULL,
	"total_minor" bigint NOT NULL,
	"line_count" integer NOT NULL,
	"prepared_by" uuid NOT NULL,
	"prepared_at" timestamp with time zone DEFAULT now() NOT NULL,
	"approved_by" uuid,
	"approved_at" timestamp with time zone,
	"paid_by" uuid,
	"paid_at" timestamp with time zone,
	CONSTRAINT "payout_batches_number_unique" UNIQUE("number"),
	CONSTRAINT "payout_batches_four_eyes" CHECK ("payout_batches"."approved_by" is null or "payout_batches"."approved_by" <> "payout_batches"."prepared_by")
);
--> statement-breakpoint
ALTER TABLE "order_lines" DROP CONSTRAINT "order_lines_quantities";--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "returned_qty" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "delivered_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "password_setup_tokens" ADD CONSTRAINT "password_setup_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dealer_group_changes" ADD CONSTRAINT "dealer_group_changes_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD CONSTRAINT "mail_outbox_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal_events" ADD CONSTRAINT "deal_events_deal_id_deal_registrations_id_fk" FOREIGN KEY ("deal_id") REFERENCES "public"."deal_registrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal_events" ADD CONSTRAINT "deal_events_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal_events" ADD CONSTRAINT "deal_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal_orders" ADD CONSTRAINT "deal_orders_deal_id_deal_registrations_id_fk" FOREIGN KEY ("deal_id") REFERENCES "public"."deal_registrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal_orders" ADD CONSTRAINT "deal_orders_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal_orders" ADD CONSTRAINT "deal_orders_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal_registrations" ADD CONSTRAINT "deal_registrations_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal_registrations" ADD CONSTRAINT "deal_registrations_price_list_id_price_lists_id_fk" FOREIGN KEY ("price_list_id") REFERENCES "public"."price_lists"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal_registrations" ADD CONSTRAINT "deal_registrations_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_application_events" ADD CONSTRAINT "partner_application_events_application_id_partner_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."partner_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_application_events" ADD CONSTRAINT "partner_application_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_applications" ADD CONSTRAINT "partner_applications_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_applications" ADD CONSTRAINT "partner_applications_assigned_to_users_id_fk" FOREIGN KEY ("assigned_to") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_certifications" ADD CONSTRAINT "partner_certifications_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_certifications" ADD CONSTRAINT "partner_certifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_targets" ADD CONSTRAINT "partner_targets_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_targets" ADD CONSTRAINT "partner_targets_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."categories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_targets" ADD CONSTRAINT "partner_targets_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_members" ADD CONSTRAINT "programme_members_programme_id_partner_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."partner_programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_members" ADD CONSTRAINT "programme_members_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_members" ADD CONSTRAINT "programme_members_tier_id_programme_tiers_id_fk" FOREIGN KEY ("tier_id") REFERENCES "public"."programme_tiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_members" ADD CONSTRAINT "programme_members_grace_tier_id_programme_tiers_id_fk" FOREIGN KEY ("grace_tier_id") REFERENCES "public"."programme_tiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_members" ADD CONSTRAINT "programme_members_override_tier_id_programme_tiers_id_fk" FOREIGN KEY ("override_tier_id") REFERENCES "public"."programme_tiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_members" ADD CONSTRAINT "programme_members_override_by_users_id_fk" FOREIGN KEY ("override_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_tiers" ADD CONSTRAINT "programme_tiers_programme_id_partner_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."partner_programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rebate_periods" ADD CONSTRAINT "rebate_periods_rebate_programme_id_rebate_programmes_id_fk" FOREIGN KEY ("rebate_programme_id") REFERENCES "public"."rebate_programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rebate_periods" ADD CONSTRAINT "rebate_periods_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rebate_programmes" ADD CONSTRAINT "rebate_programmes_programme_id_partner_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."partner_programmes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tier_changes" ADD CONSTRAINT "tier_changes_programme_id_partner_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."partner_programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tier_changes" ADD CONSTRAINT "tier_changes_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tier_changes" ADD CONSTRAINT "tier_changes_from_tier_id_programme_tiers_id_fk" FOREIGN KEY ("from_tier_id") REFERENCES "public"."programme_tiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tier_changes" ADD CONSTRAINT "tier_changes_to_tier_id_programme_tiers_id_fk" FOREIGN KEY ("to_tier_id") REFERENCES "public"."programme_tiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tier_changes" ADD CONSTRAINT "tier_changes_evaluation_id_tier_evaluations_id_fk" FOREIGN KEY ("evaluation_id") REFERENCES "public"."tier_evaluations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tier_changes" ADD CONSTRAINT "tier_changes_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tier_evaluations" ADD CONSTRAINT "tier_evaluations_programme_id_partner_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."partner_programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tier_evaluations" ADD CONSTRAINT "tier_evaluations_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tier_evaluations" ADD CONSTRAINT "tier_evaluations_qualified_tier_id_programme_tiers_id_fk" FOREIGN KEY ("qualified_tier_id") REFERENCES "public"."programme_tiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tier_evaluations" ADD CONSTRAINT "tier_evaluations_result_tier_id_programme_tiers_id_fk" FOREIGN KEY ("result_tier_id") REFERENCES "public"."programme_tiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tier_evaluations" ADD CONSTRAINT "tier_evaluations_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_dispute_messages" ADD CONSTRAINT "ledger_dispute_messages_dispute_id_ledger_disputes_id_fk" FOREIGN KEY ("dispute_id") REFERENCES "public"."ledger_disputes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_dispute_messages" ADD CONSTRAINT "ledger_dispute_messages_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_dispute_messages" ADD CONSTRAINT "ledger_dispute_messages_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_disputes" ADD CONSTRAINT "ledger_disputes_line_id_ledger_lines_id_fk" FOREIGN KEY ("line_id") REFERENCES "public"."ledger_lines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_disputes" ADD CONSTRAINT "ledger_disputes_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_disputes" ADD CONSTRAINT "ledger_disputes_opened_by_users_id_fk" FOREIGN KEY ("opened_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_events" ADD CONSTRAINT "ledger_events_line_id_ledger_lines_id_fk" FOREIGN KEY ("line_id") REFERENCES "public"."ledger_lines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_events" ADD CONSTRAINT "ledger_events_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_events" ADD CONSTRAINT "ledger_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_lines" ADD CONSTRAINT "ledger_lines_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_lines" ADD CONSTRAINT "ledger_lines_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_lines" ADD CONSTRAINT "ledger_lines_batch_id_payout_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."payout_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_batches" ADD CONSTRAINT "payout_batches_prepared_by_users_id_fk" FOREIGN KEY ("prepared_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_batches" ADD CONSTRAINT "payout_batches_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_batches" ADD CONSTRAINT "payout_batches_paid_by_users_id_fk" FOREIGN KEY ("paid_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "password_setup_tokens_user_idx" ON "password_setup_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "dealer_group_changes_org_idx" ON "dealer_group_changes" USING btree ("org_id","effective_from");--> statement-breakpoint
CREATE INDEX "invoices_org_due_idx" ON "invoices" USING btree ("org_id","due_on");--> statement-breakpoint
CREATE INDEX "mail_outbox_due_idx" ON "mail_outbox" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "mail_outbox_created_idx" ON "mail_outbox" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "notifications_unread_idx" ON "notifications" USING btree ("user_id") WHERE read_at is null;--> statement-breakpoint
CREATE INDEX "deal_events_deal_idx" ON "deal_events" USING btree ("deal_id","at");--> statement-breakpoint
CREATE INDEX "deal_registrations_org_idx" ON "deal_registrations" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "deal_registrations_inn_idx" ON "deal_registrations" USING btree ("end_customer_inn","status");--> statement-breakpoint
CREATE INDEX "partner_application_events_app_idx" ON "partner_application_events" USING btree ("application_id","at");--> statement-breakpoint
CREATE INDEX "partner_applications_inn_idx" ON "partner_applications" USING btree ("inn");--> statement-breakpoint
CREATE INDEX "partner_applications_status_idx" ON "partner_applications" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "partner_certifications_org_idx" ON "partner_certifications" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "partner_targets_org_idx" ON "partner_targets" USING btree ("org_id","period_start");--> statement-breakpoint
CREATE INDEX "programme_members_org_idx" ON "programme_members" USING btree ("org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "programme_tiers_rank_key" ON "programme_tiers" USING btree ("programme_id","rank");--> statement-breakpoint
CREATE UNIQUE INDEX "programme_tiers_code_key" ON "programme_tiers" USING btree ("programme_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "rebate_periods_key" ON "rebate_periods" USING btree ("rebate_programme_id","period_start");--> statement-breakpoint
CREATE INDEX "tier_changes_org_idx" ON "tier_changes" USING btree ("org_id","at");--> statement-breakpoint
CREATE INDEX "tier_evaluations_org_idx" ON "tier_evaluations" USING btree ("org_id","at");--> statement-breakpoint
CREATE INDEX "ledger_dispute_messages_dispute_idx" ON "ledger_dispute_messages" USING btree ("dispute_id","at");--> statement-breakpoint
CREATE INDEX "ledger_disputes_line_idx" ON "ledger_disputes" USING btree ("line_id");--> statement-breakpoint
CREATE INDEX "ledger_disputes_status_idx" ON "ledger_disputes" USING btree ("status","updated_at");--> statement-breakpoint
CREATE INDEX "ledger_events_line_idx" ON "ledger_events" USING btree ("line_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_lines_accrual_key" ON "ledger_lines" USING btree ("accrual_key");--> statement-breakpoint
CREATE INDEX "ledger_lines_org_idx" ON "ledger_lines" USING btree ("org_id","period_start");--> statement-breakpoint
CREATE INDEX "ledger_lines_status_idx" ON "ledger_lines" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "ledger_lines_batch_idx" ON "ledger_lines" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "orders_delivered_idx" ON "orders" USING btree ("org_id","delivered_at") WHERE delivered_at is not null;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_quantities" CHECK ("order_lines"."qty" > 0 and "order_lines"."shipped_qty" >= 0 and "order_lines"."shipped_qty" <= coalesce("order_lines"."confirmed_qty", "order_lines"."qty") and "order_lines"."cancelled_qty" >= 0 and coalesce("order_lines"."confirmed_qty", 0) + "order_lines"."cancelled_qty" <= "order_lines"."qty" and "order_lines"."returned_qty" >= 0 and "order_lines"."returned_qty" <= "order_lines"."shipped_qty");--> statement-breakpoint
-- Row-level security for the partner-programme tables that belong to one dealer (as migration 0014 does for orders).
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY array['programme_members','tier_evaluations','tier_changes','partner_certifications','partner_targets',
    'deal_registrations','deal_events','deal_orders','ledger_lines','ledger_events','ledger_disputes','ledger_dispute_messages',
    'invoices','dealer_group_changes'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (portal_tenant_any() OR org_id = portal_tenant_org())', t);
  END LOOP;
END
$$;
--> statement-breakpoint
-- Deal registration's duplicate check must look at other dealers' registrations from a request bound to one dealer,
-- which row-level security rightly forbids. This function is the one narrow window: it answers only which earlier
-- registration (if any) protects the same end customer (INN) with overlapping products or categories, never its
-- dealer; the caller stores the id for the partner manager and tells the dealer only "already registered".
-- It runs as the migration's owner (SECURITY DEFINER) with a fixed search_path (CVE-2018-1058 advice).
CREATE FUNCTION prm_deal_conflict(p_org uuid, p_inn text, p_products uuid[], p_categories uuid[], p_except uuid)
RETURNS uuid LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT d.id FROM deal_registrations d
  WHERE d.end_customer_inn = p_inn AND d.org_id <> p_org AND d.id IS DISTINCT FROM p_except
    AND (d.status IN ('submitted', 'conflict') OR (d.status = 'approved' AND d.protected_until >= current_date))
    AND (d.product_ids && p_products OR d.category_ids && p_categories
      OR EXISTS (SELECT 1 FROM products p WHERE p.id = ANY (d.product_ids) AND p.category_id = ANY (p_categories))
      OR EXISTS (SELECT 1 FROM products p WHERE p.id = ANY (p_products) AND p.category_id = ANY (d.category_ids)))
  ORDER BY d.created_at, d.id
  LIMIT 1
$$;
--> statement-breakpoint
-- A dealer's request may have to tell the operator's staff (a deal registered, a line queried), but row-level
-- security lets it read only its own organisation's memberships. This function answers the one thing needed: the
-- active operator staff holding one of the given roles, with where to reach them.
CREATE FUNCTION notice_staff_recipients(p_roles text[])
RETURNS TABLE (user_id uuid, email text, display_name text, locale text) LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public, pg_temp AS $$
  SELECT DISTINCT u.id, u.email, u.display_name, u.locale
  FROM memberships m
  JOIN organisations o ON o.id = m.org_id AND o.kind = 'operator' AND o.disabled_at IS NULL
  JOIN users u ON u.id = m.user_id AND u.disabled_at IS NULL
  WHERE m.accepted_at IS NOT NULL AND m.role::text = ANY (p_roles)
$$;
--> statement-breakpoint
-- Orders delivered before this migration: their delivery day is their "delivered" event's.
UPDATE orders SET delivered_at = (SELECT max(e.at) FROM order_events e WHERE e.order_id = orders.id AND e.kind = 'delivered')
WHERE status = 'delivered';
