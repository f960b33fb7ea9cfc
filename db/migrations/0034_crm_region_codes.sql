-- Regions become one thing (the partner programme's ISO 3166-2 codes, app/modules/prm/application-schemas.ts):
-- the CRM had stored names typed as text ('Москва') beside the applications' codes ('RU-MOW'), so leads from
-- applications found no region owner and margins listed one region twice. Known names (the catalog's Russian and
-- English names of each code, and a few common spellings) become codes; other text stays and is shown as typed.
-- Data only: no schema change (meta/0034_snapshot.json equals 0033's).
-- crm_leads has forced row-level security: the owner sees its rows only as an unbound ('any') scope, for this
-- transaction only (the migrator runs the migrations in one).
SELECT set_config('app.scope', 'any', true);
--> statement-breakpoint
CREATE TEMPORARY TABLE region_names (name text PRIMARY KEY, code text NOT NULL);
--> statement-breakpoint
INSERT INTO region_names (name, code) VALUES
  ('Москва', 'RU-MOW'),
  ('Moscow', 'RU-MOW'),
  ('Московская область', 'RU-MOS'),
  ('Moscow Oblast', 'RU-MOS'),
  ('Санкт-Петербург', 'RU-SPE'),
  ('Saint Petersburg', 'RU-SPE'),
  ('Ленинградская область', 'RU-LEN'),
  ('Leningrad Oblast', 'RU-LEN'),
  ('Новосибирская область', 'RU-NVS'),
  ('Novosibirsk Oblast', 'RU-NVS'),
  ('Свердловская область', 'RU-SVE'),
  ('Sverdlovsk Oblast', 'RU-SVE'),
  ('Республика Татарстан', 'RU-TA'),
  ('Tatarstan', 'RU-TA'),
  ('Краснодарский край', 'RU-KDA'),
  ('Krasnodar Krai', 'RU-KDA'),
  ('Нижегородская область', 'RU-NIZ'),
  ('Nizhny Novgorod Oblast', 'RU-NIZ'),
  ('Самарская область', 'RU-SAM'),
  ('Samara Oblast', 'RU-SAM'),
  ('Ростовская область', 'RU-ROS'),
  ('Rostov Oblast', 'RU-ROS'),
  ('Республика Башкортостан', 'RU-BA'),
  ('Bashkortostan', 'RU-BA'),
  ('Красноярский край', 'RU-KYA'),
  ('Krasnoyarsk Krai', 'RU-KYA'),
  ('Пермский край', 'RU-PER'),
  ('Perm Krai', 'RU-PER'),
  ('Воронежская область', 'RU-VOR'),
  ('Voronezh Oblast', 'RU-VOR'),
  ('Челябинская область', 'RU-CHE'),
  ('Chelyabinsk Oblast', 'RU-CHE'),
  ('Другой регион', 'other'),
  ('Another region', 'other'),
  ('г. Москва', 'RU-MOW'),
  ('Москва г', 'RU-MOW'),
  ('г. Санкт-Петербург', 'RU-SPE'),
  ('Санкт-Петербург г', 'RU-SPE'),
  ('St Petersburg', 'RU-SPE'),
  ('St. Petersburg', 'RU-SPE'),
  ('Татарстан', 'RU-TA'),
  ('Башкортостан', 'RU-BA');
--> statement-breakpoint
UPDATE organisations o SET region = n.code FROM region_names n WHERE lower(btrim(o.region)) = lower(n.name);
--> statement-breakpoint
UPDATE crm_leads l SET region = n.code FROM region_names n WHERE lower(btrim(l.region)) = lower(n.name);
--> statement-breakpoint
UPDATE crm_recommendations r SET group_label = n.code FROM region_names n
  WHERE r.group_kind = 'region' AND lower(btrim(r.group_label)) = lower(n.name);
--> statement-breakpoint
-- crm_region_owners.region is the primary key: one owner per code. A row already under the code wins; among
-- names of the same code, the one changed last. The others go before the renaming.
DELETE FROM crm_region_owners r USING region_names n
  WHERE lower(btrim(r.region)) = lower(n.name)
    AND EXISTS (
      SELECT 1 FROM crm_region_owners k LEFT JOIN region_names kn ON lower(btrim(k.region)) = lower(kn.name)
      WHERE k.region <> r.region AND coalesce(kn.code, k.region) = n.code
        AND (kn.code IS NULL OR (k.updated_at, k.region) > (r.updated_at, r.region)));
--> statement-breakpoint
UPDATE crm_region_owners r SET region = n.code, updated_at = now() FROM region_names n WHERE lower(btrim(r.region)) = lower(n.name);
--> statement-breakpoint
DROP TABLE region_names;
