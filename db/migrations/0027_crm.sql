CREATE TABLE "crm_accounts" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"owner_id" uuid,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "crm_contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"full_name" text NOT NULL,
	"position" text DEFAULT '' NOT NULL,
	"phone" text,
	"phone_key" text,
	"email" text,
	"email_key" text,
	"locale" text DEFAULT 'ru' NOT NULL,
	"consent_given_at" timestamp with time zone,
	"consent_withdrawn_at" timestamp with time zone,
	"user_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "crm_contacts_bounds" CHECK (char_length("crm_contacts"."full_name") between 1 and 200 and char_length("crm_contacts"."position") <= 200)
);
--> statement-breakpoint
CREATE TABLE "crm_forecast_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"params" jsonb NOT NULL,
	"series_count" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "crm_forecasts" (
	"run_id" uuid NOT NULL,
	"series_key" text NOT NULL,
	"level" text NOT NULL,
	"org_id" uuid,
	"category_id" uuid NOT NULL,
	"first_month" date NOT NULL,
	"history" jsonb NOT NULL,
	"method" text NOT NULL,
	"reason" text NOT NULL,
	"accuracy" jsonb NOT NULL,
	"fit" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"points" jsonb NOT NULL,
	CONSTRAINT "crm_forecasts_run_id_series_key_pk" PRIMARY KEY("run_id","series_key")
);
--> statement-breakpoint
CREATE TABLE "crm_interactions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"contact_id" uuid,
	"kind" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"subject" text NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"outcome" text DEFAULT '' NOT NULL,
	"next_step" text DEFAULT '' NOT NULL,
	"staff_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "crm_interactions_bounds" CHECK (char_length("crm_interactions"."subject") between 1 and 200 and char_length("crm_interactions"."notes") <= 20000 and char_length("crm_interactions"."outcome") <= 2000 and char_length("crm_interactions"."next_step") <= 2000)
);
--> statement-breakpoint
CREATE TABLE "crm_lead_stage_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"lead_id" uuid NOT NULL,
	"from_stage_id" uuid,
	"to_stage_id" uuid NOT NULL,
	"actor_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "crm_leads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source" text NOT NULL,
	"source_id" uuid,
	"org_id" uuid,
	"company_name" text NOT NULL,
	"inn" text,
	"region" text,
	"contact_name" text DEFAULT '' NOT NULL,
	"phone" text,
	"email" text,
	"stage_id" uuid NOT NULL,
	"owner_id" uuid,
	"assigned_by" text,
	"expected_minor" bigint,
	"lost_reason" text,
	"notes" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"stage_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "crm_leads_bounds" CHECK (char_length("crm_leads"."company_name") between 1 and 300 and char_length("crm_leads"."notes") <= 20000)
);
--> statement-breakpoint
CREATE TABLE "crm_merges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"kept_id" uuid NOT NULL,
	"merged_id" uuid NOT NULL,
	"merged_record" jsonb NOT NULL,
	"moved" jsonb NOT NULL,
	"actor_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "crm_merges_distinct" CHECK ("crm_merges"."kept_id" <> "crm_merges"."merged_id")
);
--> statement-breakpoint
CREATE TABLE "crm_prompt_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"decision" text NOT NULL,
	"discount_bp" integer,
	"price_list_id" uuid,
	"segment_run_id" uuid,
	"reason" jsonb NOT NULL,
	"actor_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "crm_recommendation_dismissals" (
	"org_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"user_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "crm_recommendation_dismissals_org_id_product_id_pk" PRIMARY KEY("org_id","product_id")
);
--> statement-breakpoint
CREATE TABLE "crm_recommendations" (
	"org_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"group_kind" text NOT NULL,
	"group_label" text NOT NULL,
	"group_size" integer NOT NULL,
	"antecedent_id" uuid NOT NULL,
	"antecedent_buyers" integer NOT NULL,
	"pair_buyers" integer NOT NULL,
	"product_buyers" integer NOT NULL,
	"confidence" double precision NOT NULL,
	"lift" double precision NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "crm_recommendations_org_id_product_id_pk" PRIMARY KEY("org_id","product_id")
);
--> statement-breakpoint
CREATE TABLE "crm_region_owners" (
	"region" text PRIMARY KEY NOT NULL,
	"owner_id" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "crm_segment_members" (
	"run_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"revenue_minor" bigint NOT NULL,
	"margin_minor" bigint NOT NULL,
	"value_minor" bigint NOT NULL,
	"rank" integer,
	"cum_share" double precision,
	"prev_cum_share" double precision,
	"abc" text,
	"monthly_mean" double precision NOT NULL,
	"cv" double precision,
	"xyz" text,
	"non_zero_months" integer NOT NULL,
	"months" integer NOT NULL,
	"flags" text[] DEFAULT '{}'::text[] NOT NULL,
	"retention" double precision,
	"clv_minor" bigint,
	"last_order_on" date,
	CONSTRAINT "crm_segment_members_run_id_org_id_pk" PRIMARY KEY("run_id","org_id")
);
--> statement-breakpoint
CREATE TABLE "crm_segment_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"params" jsonb NOT NULL,
	"summary" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "crm_stages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name_ru" text NOT NULL,
	"name_en" text NOT NULL,
	"position" integer NOT NULL,
	"probability_bp" integer NOT NULL,
	"outcome" text DEFAULT 'open' NOT NULL,
	CONSTRAINT "crm_stages_code_unique" UNIQUE("code"),
	CONSTRAINT "crm_stages_probability" CHECK ("crm_stages"."probability_bp" between 0 and 10000)
);
--> statement-breakpoint
CREATE TABLE "crm_survey_invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"wave_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"contact_id" uuid,
	"user_id" uuid NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	"answered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "crm_survey_responses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"wave_id" uuid NOT NULL,
	"invitation_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"user_id" uuid,
	"expectations" smallint[] NOT NULL,
	"perceptions" smallint[] NOT NULL,
	"importance" smallint[] NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "crm_survey_responses_invitationId_unique" UNIQUE("invitation_id"),
	CONSTRAINT "crm_survey_responses_scale" CHECK (cardinality("crm_survey_responses"."expectations") = 22 and cardinality("crm_survey_responses"."perceptions") = 22 and cardinality("crm_survey_responses"."importance") = 5
        and 1 <= all("crm_survey_responses"."expectations") and 7 >= all("crm_survey_responses"."expectations") and 1 <= all("crm_survey_responses"."perceptions") and 7 >= all("crm_survey_responses"."perceptions")
        and 0 <= all("crm_survey_responses"."importance") and "crm_survey_responses"."importance"[1] + "crm_survey_responses"."importance"[2] + "crm_survey_responses"."importance"[3] + "crm_survey_responses"."importance"[4] + "crm_survey_responses"."importance"[5] = 100)
);
--> statement-breakpoint
CREATE TABLE "crm_survey_waves" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title_ru" text NOT NULL,
	"title_en" text NOT NULL,
	"opens_on" date NOT NULL,
	"closes_on" date NOT NULL,
	"min_answers" integer DEFAULT 30 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "crm_survey_waves_dates" CHECK ("crm_survey_waves"."closes_on" >= "crm_survey_waves"."opens_on" and "crm_survey_waves"."min_answers" > 0)
);
--> statement-breakpoint
CREATE TABLE "crm_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid,
	"contact_id" uuid,
	"interaction_id" uuid,
	"assignee_id" uuid NOT NULL,
	"title" text NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"due_on" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"reminded_at" timestamp with time zone,
	"done_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "crm_tasks_bounds" CHECK (char_length("crm_tasks"."title") between 1 and 200 and char_length("crm_tasks"."notes") <= 20000)
);
--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "unit_cost_minor" bigint;--> statement-breakpoint
ALTER TABLE "crm_accounts" ADD CONSTRAINT "crm_accounts_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_accounts" ADD CONSTRAINT "crm_accounts_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_accounts" ADD CONSTRAINT "crm_accounts_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_contacts" ADD CONSTRAINT "crm_contacts_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_contacts" ADD CONSTRAINT "crm_contacts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_contacts" ADD CONSTRAINT "crm_contacts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_contacts" ADD CONSTRAINT "crm_contacts_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_forecast_runs" ADD CONSTRAINT "crm_forecast_runs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_forecasts" ADD CONSTRAINT "crm_forecasts_run_id_crm_forecast_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."crm_forecast_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_forecasts" ADD CONSTRAINT "crm_forecasts_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_forecasts" ADD CONSTRAINT "crm_forecasts_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_interactions" ADD CONSTRAINT "crm_interactions_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_interactions" ADD CONSTRAINT "crm_interactions_contact_id_crm_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."crm_contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_interactions" ADD CONSTRAINT "crm_interactions_staff_id_users_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_lead_stage_changes" ADD CONSTRAINT "crm_lead_stage_changes_lead_id_crm_leads_id_fk" FOREIGN KEY ("lead_id") REFERENCES "public"."crm_leads"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_lead_stage_changes" ADD CONSTRAINT "crm_lead_stage_changes_from_stage_id_crm_stages_id_fk" FOREIGN KEY ("from_stage_id") REFERENCES "public"."crm_stages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_lead_stage_changes" ADD CONSTRAINT "crm_lead_stage_changes_to_stage_id_crm_stages_id_fk" FOREIGN KEY ("to_stage_id") REFERENCES "public"."crm_stages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_lead_stage_changes" ADD CONSTRAINT "crm_lead_stage_changes_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_leads" ADD CONSTRAINT "crm_leads_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_leads" ADD CONSTRAINT "crm_leads_stage_id_crm_stages_id_fk" FOREIGN KEY ("stage_id") REFERENCES "public"."crm_stages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_leads" ADD CONSTRAINT "crm_leads_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_leads" ADD CONSTRAINT "crm_leads_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_merges" ADD CONSTRAINT "crm_merges_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_prompt_decisions" ADD CONSTRAINT "crm_prompt_decisions_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_prompt_decisions" ADD CONSTRAINT "crm_prompt_decisions_segment_run_id_crm_segment_runs_id_fk" FOREIGN KEY ("segment_run_id") REFERENCES "public"."crm_segment_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_prompt_decisions" ADD CONSTRAINT "crm_prompt_decisions_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_recommendation_dismissals" ADD CONSTRAINT "crm_recommendation_dismissals_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_recommendation_dismissals" ADD CONSTRAINT "crm_recommendation_dismissals_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_recommendation_dismissals" ADD CONSTRAINT "crm_recommendation_dismissals_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_recommendations" ADD CONSTRAINT "crm_recommendations_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_recommendations" ADD CONSTRAINT "crm_recommendations_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_recommendations" ADD CONSTRAINT "crm_recommendations_antecedent_id_products_id_fk" FOREIGN KEY ("antecedent_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_region_owners" ADD CONSTRAINT "crm_region_owners_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_segment_members" ADD CONSTRAINT "crm_segment_members_run_id_crm_segment_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."crm_segment_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_segment_members" ADD CONSTRAINT "crm_segment_members_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_segment_runs" ADD CONSTRAINT "crm_segment_runs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_survey_invitations" ADD CONSTRAINT "crm_survey_invitations_wave_id_crm_survey_waves_id_fk" FOREIGN KEY ("wave_id") REFERENCES "public"."crm_survey_waves"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_survey_invitations" ADD CONSTRAINT "crm_survey_invitations_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_survey_invitations" ADD CONSTRAINT "crm_survey_invitations_contact_id_crm_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."crm_contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_survey_invitations" ADD CONSTRAINT "crm_survey_invitations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_survey_responses" ADD CONSTRAINT "crm_survey_responses_wave_id_crm_survey_waves_id_fk" FOREIGN KEY ("wave_id") REFERENCES "public"."crm_survey_waves"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_survey_responses" ADD CONSTRAINT "crm_survey_responses_invitation_id_crm_survey_invitations_id_fk" FOREIGN KEY ("invitation_id") REFERENCES "public"."crm_survey_invitations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_survey_responses" ADD CONSTRAINT "crm_survey_responses_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_survey_responses" ADD CONSTRAINT "crm_survey_responses_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_survey_waves" ADD CONSTRAINT "crm_survey_waves_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_tasks" ADD CONSTRAINT "crm_tasks_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_tasks" ADD CONSTRAINT "crm_tasks_contact_id_crm_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."crm_contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_tasks" ADD CONSTRAINT "crm_tasks_interaction_id_crm_interactions_id_fk" FOREIGN KEY ("interaction_id") REFERENCES "public"."crm_interactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_tasks" ADD CONSTRAINT "crm_tasks_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_tasks" ADD CONSTRAINT "crm_tasks_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "crm_accounts_owner_idx" ON "crm_accounts" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "crm_contacts_org_idx" ON "crm_contacts" USING btree ("org_id","full_name");--> statement-breakpoint
CREATE INDEX "crm_contacts_phone_idx" ON "crm_contacts" USING btree ("phone_key") WHERE phone_key is not null;--> statement-breakpoint
CREATE INDEX "crm_contacts_email_idx" ON "crm_contacts" USING btree ("email_key") WHERE email_key is not null;--> statement-breakpoint
CREATE INDEX "crm_contacts_name_trgm_idx" ON "crm_contacts" USING gin ("full_name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "crm_contacts_user_idx" ON "crm_contacts" USING btree ("user_id") WHERE user_id is not null;--> statement-breakpoint
CREATE INDEX "crm_forecasts_org_idx" ON "crm_forecasts" USING btree ("org_id","run_id");--> statement-breakpoint
CREATE INDEX "crm_interactions_org_idx" ON "crm_interactions" USING btree ("org_id","occurred_at");--> statement-breakpoint
CREATE INDEX "crm_interactions_contact_idx" ON "crm_interactions" USING btree ("contact_id") WHERE contact_id is not null;--> statement-breakpoint
CREATE INDEX "crm_lead_stage_changes_lead_idx" ON "crm_lead_stage_changes" USING btree ("lead_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "crm_leads_source_key" ON "crm_leads" USING btree ("source","source_id") WHERE source_id is not null;--> statement-breakpoint
CREATE INDEX "crm_leads_owner_idx" ON "crm_leads" USING btree ("owner_id","stage_id");--> statement-breakpoint
CREATE INDEX "crm_leads_stage_idx" ON "crm_leads" USING btree ("stage_id","stage_changed_at");--> statement-breakpoint
CREATE INDEX "crm_merges_kept_idx" ON "crm_merges" USING btree ("kept_id");--> statement-breakpoint
CREATE INDEX "crm_prompt_decisions_org_idx" ON "crm_prompt_decisions" USING btree ("org_id","at");--> statement-breakpoint
CREATE INDEX "crm_recommendations_product_idx" ON "crm_recommendations" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "crm_segment_members_org_idx" ON "crm_segment_members" USING btree ("org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "crm_survey_invitations_key" ON "crm_survey_invitations" USING btree ("wave_id","user_id");--> statement-breakpoint
CREATE INDEX "crm_survey_invitations_org_idx" ON "crm_survey_invitations" USING btree ("org_id","wave_id");--> statement-breakpoint
CREATE INDEX "crm_survey_responses_wave_idx" ON "crm_survey_responses" USING btree ("wave_id","org_id");--> statement-breakpoint
CREATE INDEX "crm_tasks_assignee_idx" ON "crm_tasks" USING btree ("assignee_id","status","due_on");--> statement-breakpoint
CREATE INDEX "crm_tasks_org_idx" ON "crm_tasks" USING btree ("org_id","due_on") WHERE org_id is not null;--> statement-breakpoint
-- Row-level security for what belongs to one customer (as migrations 0014, 0021 and 0023 do). A dealer's request
-- sees only its own recommendations, dismissals, survey invitations and answers; staff requests are unbound.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY array['crm_accounts','crm_contacts','crm_interactions','crm_tasks','crm_leads','crm_segment_members',
    'crm_recommendations','crm_recommendation_dismissals','crm_prompt_decisions','crm_forecasts','crm_survey_invitations',
    'crm_survey_responses'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (portal_tenant_any() OR org_id = portal_tenant_org())', t);
  END LOOP;
END
$$;
--> statement-breakpoint
-- The pipeline's default stages (probabilities as commonly used for B2B funnels); staff may rename them.
INSERT INTO crm_stages (code, name_ru, name_en, position, probability_bp, outcome) VALUES
  ('new', 'Новый', 'New', 1, 1000, 'open'),
  ('qualified', 'Квалифицирован', 'Qualified', 2, 2500, 'open'),
  ('proposal', 'Предложение', 'Proposal', 3, 5000, 'open'),
  ('negotiation', 'Переговоры', 'Negotiation', 4, 7500, 'open'),
  ('won', 'Выигран', 'Won', 5, 10000, 'won'),
  ('lost', 'Проигран', 'Lost', 6, 0, 'lost');
