-- Row-level security as a second layer under the app's tenant filter (anchors §0.1, §1.1 "RLS backstop", T-A4).
-- The app acts as portal_app: not the tables' owner, no BYPASSRLS, no superuser (db/drivers.server.ts switches
-- to it after connecting); migrations run as the owner. db/tenant-scope.server.ts says who binds what.
-- Roles belong to the cluster, not the database: several databases (and parallel test runs) share this one.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'portal_app') THEN
    CREATE ROLE portal_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;
--> statement-breakpoint
ALTER ROLE portal_app NOSUPERUSER NOBYPASSRLS;
--> statement-breakpoint
-- The connecting user must be allowed to act as the app role (a superuser always is).
DO $$
BEGIN
  IF NOT pg_has_role(current_user, 'portal_app', 'MEMBER') THEN
    EXECUTE format('GRANT portal_app TO %I', current_user);
  END IF;
END
$$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO portal_app;
--> statement-breakpoint
-- Rows, not tables: no TRUNCATE (it ignores row-level security), no DDL. Tables of later migrations too.
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO portal_app;
--> statement-breakpoint
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO portal_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO portal_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO portal_app;
--> statement-breakpoint
-- The binding, as the drivers set it (transaction-local set_config). Nothing set: no tenant at all; the app's own
-- connections default app.scope to 'any' for work that is not bound to one organisation.
CREATE FUNCTION portal_tenant_any() RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT coalesce(current_setting('app.scope', true), '') = 'any' $$;
--> statement-breakpoint
CREATE FUNCTION portal_tenant_org() RETURNS uuid LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT nullif(current_setting('app.org_id', true), '')::uuid $$;
--> statement-breakpoint
CREATE FUNCTION portal_tenant_user() RETURNS uuid LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT nullif(current_setting('app.user_id', true), '')::uuid $$;
--> statement-breakpoint
-- Tables that belong to one organisation.
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE orders FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON orders USING (portal_tenant_any() OR org_id = portal_tenant_org());
--> statement-breakpoint
ALTER TABLE carts ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE carts FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON carts USING (portal_tenant_any() OR org_id = portal_tenant_org());
--> statement-breakpoint
ALTER TABLE delivery_terms ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE delivery_terms FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON delivery_terms USING (portal_tenant_any() OR org_id = portal_tenant_org());
--> statement-breakpoint
ALTER TABLE ship_to_locations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE ship_to_locations FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON ship_to_locations USING (portal_tenant_any() OR org_id = portal_tenant_org());
--> statement-breakpoint
ALTER TABLE dealer_part_numbers ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE dealer_part_numbers FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON dealer_part_numbers USING (portal_tenant_any() OR org_id = portal_tenant_org());
--> statement-breakpoint
ALTER TABLE contract_quantity_rules ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE contract_quantity_rules FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON contract_quantity_rules USING (portal_tenant_any() OR org_id = portal_tenant_org());
--> statement-breakpoint
-- Price list assignments: the global and group ones (no organisation) are everyone's to read; only staff write.
ALTER TABLE price_list_assignments ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE price_list_assignments FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON price_list_assignments
  USING (portal_tenant_any() OR org_id IS NULL OR org_id = portal_tenant_org())
  WITH CHECK (portal_tenant_any());
--> statement-breakpoint
-- Memberships: an organisation's members, and a person's own memberships elsewhere (the organisation switcher,
-- and answering an invitation to another organisation: accepting updates, declining deletes one's own row).
-- Only an organisation's own people add members to it.
ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE memberships FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_read ON memberships FOR SELECT
  USING (portal_tenant_any() OR org_id = portal_tenant_org() OR user_id = portal_tenant_user());
--> statement-breakpoint
CREATE POLICY tenant_add ON memberships FOR INSERT WITH CHECK (portal_tenant_any() OR org_id = portal_tenant_org());
--> statement-breakpoint
CREATE POLICY tenant_change ON memberships FOR UPDATE
  USING (portal_tenant_any() OR org_id = portal_tenant_org() OR user_id = portal_tenant_user())
  WITH CHECK (portal_tenant_any() OR org_id = portal_tenant_org() OR user_id = portal_tenant_user());
--> statement-breakpoint
CREATE POLICY tenant_remove ON memberships FOR DELETE
  USING (portal_tenant_any() OR org_id = portal_tenant_org() OR user_id = portal_tenant_user());
--> statement-breakpoint
-- The audit log: an organisation reads its own entries; anyone appends entries about no organisation, their own,
-- or one they belong to (switching organisation records the one switched to). The append-only trigger stays.
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_read ON audit_log FOR SELECT USING (portal_tenant_any() OR org_id = portal_tenant_org());
--> statement-breakpoint
CREATE POLICY tenant_append ON audit_log FOR INSERT WITH CHECK (
  portal_tenant_any() OR org_id IS NULL OR org_id = portal_tenant_org()
  OR EXISTS (SELECT FROM memberships m WHERE m.org_id = audit_log.org_id AND m.user_id = portal_tenant_user())
);
